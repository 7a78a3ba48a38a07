/** The authenticated caller. */
export interface Identity {
  /** Public half of the key. */
  uuid: string;
  /** Subject name. */
  subject: string;
  /** Namespace the key owns. */
  namespace: string;
  /** The whole `uuid:secret` key, handed to actions that may have it and to feeds. */
  apiKey: string;
}
