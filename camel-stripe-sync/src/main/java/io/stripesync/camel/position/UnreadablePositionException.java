package io.stripesync.camel.position;

/** The text under a stream's key is no position this version can read (damaged, or written by a newer release). */
public class UnreadablePositionException extends IllegalStateException {

    public UnreadablePositionException(String message, Throwable cause) {
        super(message, cause);
    }
}
