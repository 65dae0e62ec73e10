package io.stripesync.camel.webhook;

/** What takes a webhook request's event into a stream: the stream's consumer, in one order with its polled records. */
public interface PushReceiver {

    /**
     * @param body      the request body as received (its signature covers these bytes)
     * @param signature the Stripe-Signature header, null when missing
     * @return the HTTP answer: it tells Stripe whether to send the event again
     */
    WebhookAnswer receive(byte[] body, String signature);
}
