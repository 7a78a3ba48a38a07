def main(args):
    """Prints and returns a greeting of the payload, like helloWorld, in Python."""
    payload = args.get("payload", "World")
    greeting = "Hello, %s" % payload
    print(greeting)
    return {"payload": greeting}
