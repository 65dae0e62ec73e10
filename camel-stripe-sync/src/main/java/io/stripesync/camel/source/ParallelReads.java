package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import com.stripe.exception.StripeException;

/**
 * Requests sent at once on an executor, their answers in the order asked: latency is paid once for all of them, and
 * the shared rate limiter still spaces them. A Stripe failure of any is thrown as itself.
 */
final class ParallelReads {

    /** One read against Stripe. */
    interface Read<T> {
        T get() throws StripeException;
    }

    private ParallelReads() {
    }

    static <T> List<T> all(List<Read<T>> reads, Executor executor) throws StripeException {
        List<CompletableFuture<T>> sent = new ArrayList<>(reads.size());
        for (Read<T> read : reads) {
            sent.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return read.get();
                } catch (StripeException e) {
                    throw new CompletionException(e);
                }
            }, executor));
        }
        List<T> answers = new ArrayList<>(reads.size());
        for (CompletableFuture<T> answer : sent) {
            try {
                answers.add(answer.join());
            } catch (CompletionException e) {
                sent.forEach(s -> s.cancel(false));
                if (e.getCause() instanceof StripeException stripe) {
                    throw stripe;
                }
                throw e;
            }
        }
        return answers;
    }
}
