import { isImageReference } from './image-reference';

describe('isImageReference', () => {
  it('accepts Docker references: names, namespaces, registries with ports, tags and digests', () => {
    for (const ok of ['openwhisk/dockerskeleton', 'wisp/action-nodejs:20', 'docker.io/openwhisk/dockerskeleton:1.14.0', 'registry.local:5000/team/my_image-x:v1.2', `busybox@sha256:${'a'.repeat(64)}`, 'a__b/c.d-e'])
      expect(isImageReference(ok)).toBe(true);
  });

  it('refuses anything the engine would read as another URL path: traversal, slashes, queries, hosts, upper case, blanks', () => {
    for (const bad of ['../../etc', '..', 'a/../b', '/images', 'a//b', 'a/b/', 'img?x=1', 'img#x', 'http://evil/x', 'Image', 'a b', '', 'a:', `a:${'t'.repeat(129)}`, 'x'.repeat(256), '%2e%2e/x', 'a\u0000b'])
      expect(isImageReference(bad)).toBe(false);
  });
});
