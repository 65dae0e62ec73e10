package io.stripesync.camel.management;

import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;

/**
 * The consumer's default exception handler: one WARN line per failure, naming what failed and why, at every log level,
 * and the stack trace as well at DEBUG. Camel's default prints the whole trace at WARN, and a stream whose network is down fails a poll every
 * few seconds for as long as it is down. A user's own exceptionHandler, or bridgeErrorHandler, replaces it.
 */
public final class PollFailureHandler implements ExceptionHandler {

    private final Logger log;

    public PollFailureHandler(Logger log) {
        this.log = log;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        String line = (message == null ? "" : message + ". ") + exception.getMessage();
        // the WARN line at every level, so an alert on WARN sees every failed poll; the trace only at DEBUG
        log.warn(line);
        if (log.isDebugEnabled()) {
            log.debug("Trace of the failed poll above", exception);
        }
    }
}
