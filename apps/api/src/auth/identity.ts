/** The authenticated caller. */
export interface Identity {
  /** Public half of the key. */
  uuid: string;
  /** Subject name. */
  subject: string;
  /** Namespace the key owns. */
  namespace: string;
  /**
   * The whole `uuid:secret` key the caller presented ('' when it came from no request). Never handed to an action:
   * actions annotated `provide-api-key` get a key minted for their activation instead.
   */
  apiKey: string;
  /** Set when the caller presented an activation key: the activation it was minted for. */
  activationId?: string;
}
