"""Wisp's action proxy for Python images: the invoker <-> container wire (frames over one unix socket the proxy
dials out to), and the handlers of the runtimes that use it: python:3 actions, native (docker skeleton) executables,
and the relay to images that serve OpenWhisk's HTTP protocol on port 8080. Standard library only."""
