import { runtimeImageOf, stemCellsOf } from './runtime-image';

const config = { runtimeImage: 'wisp/action-nodejs:test', prewarmCount: 3 };

describe('runtimeImageOf', () => {
  it('takes code kinds from the manifest; nodejs:20 from WISP_RUNTIME_IMAGE', () => {
    expect(runtimeImageOf({ kind: 'nodejs:20' }, config)).toEqual({ image: 'wisp/action-nodejs:test', protocol: 'socket' });
    expect(runtimeImageOf({ kind: 'python:3' }, config)).toEqual({ image: 'wisp/action-python:3.11', protocol: 'socket' });
    expect(runtimeImageOf({ kind: 'swift:5.3' }, config)).toBeUndefined();
  });

  it('resolves the docker skeleton under any registry prefix or tag, with its exec tmpfs', () => {
    for (const image of ['openwhisk/dockerskeleton', 'openwhisk/dockerskeleton:latest', 'docker.io/openwhisk/dockerskeleton:nightly', 'OpenWhisk/DockerSkeleton:1.14.0']) {
      expect(runtimeImageOf({ kind: 'blackbox', image }, config)).toEqual({ image: 'wisp/action-dockerskeleton:1', execDir: '/action', protocol: 'socket' });
    }
  });

  it('uses any other blackbox image as it is, detecting its protocol; names that only look alike are not the skeleton', () => {
    for (const image of ['openwhisk/dockerskeleton2', 'evil/openwhisk/dockerskeleton', 'openwhisk/action-nodejs-v20:nightly']) {
      expect(runtimeImageOf({ kind: 'blackbox', image }, config)).toEqual({ image, protocol: 'detect' });
    }
    expect(runtimeImageOf({ kind: 'blackbox' }, config)).toBeUndefined();
  });
});

describe('stemCellsOf', () => {
  it('keeps WISP_PREWARM_COUNT nodejs:20 stem cells and none for kinds the manifest gives none', () => {
    expect(stemCellsOf(config)).toEqual([{ kind: 'nodejs:20', image: 'wisp/action-nodejs:test', memoryMb: 256, count: 3 }]);
  });

  it('turns every stem cell off with a count of 0', () => {
    expect(stemCellsOf({ ...config, prewarmCount: 0 })).toEqual([]);
  });
});
