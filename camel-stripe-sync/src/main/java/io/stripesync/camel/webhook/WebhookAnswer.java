package io.stripesync.camel.webhook;

/** The answer to a webhook request: its HTTP status and a one-word text saying why. */
public record WebhookAnswer(int status, String text) {
}
