import { isLoopbackUrl } from './github-feed-config';

describe('isLoopbackUrl (the WISP_PUBLIC_URL warning for GitHub webhooks)', () => {
  it('knows loopback names and addresses, and nothing else', () => {
    for (const url of ['http://127.0.0.1:3233', 'https://localhost', 'http://api.localhost:80', 'http://[::1]:3233', 'http://127.8.9.10']) expect(isLoopbackUrl(url)).toBe(true);
    for (const url of ['https://wisp.example.com', 'http://10.0.0.5:3233', 'http://128.0.0.1', 'not a url']) expect(isLoopbackUrl(url)).toBe(false);
  });
});
