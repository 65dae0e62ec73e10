package io.stripesync.examples;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.stripesync.camel.StripeSyncConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.InterceptStrategy;

/**
 * Counts the stream's exchanges by operation, for the demo's closing line: an intercept strategy of the context, so
 * the demo's routes (Java and YAML) stay as a user would write them.
 */
final class ExchangeCounts implements InterceptStrategy {

    private static final String COUNTED = "demo.counted";
    private final Map<String, LongAdder> byOperation = new ConcurrentHashMap<>();

    /** Counts the exchanges of a camel-main run. */
    static ExchangeCounts on(Main main) {
        ExchangeCounts counts = new ExchangeCounts();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport run) {
                run.getCamelContext().getCamelContextExtension().addInterceptStrategy(counts);
            }
        });
        return counts;
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        // asynchronous like the step it wraps, so Camel needs no bridge (it warned about one in the demo's output)
        return new org.apache.camel.support.processor.DelegateAsyncProcessor(target) {
            @Override
            public boolean process(org.apache.camel.Exchange exchange, org.apache.camel.AsyncCallback callback) {
                // every step of a route is wrapped: count an exchange at its first
                if (exchange.getProperty(COUNTED) == null) {
                    exchange.setProperty(COUNTED, true);
                    String operation = exchange.getIn().getHeader(StripeSyncConstants.OPERATION, String.class);
                    if (operation != null) {
                        record(operation);
                    }
                }
                return super.process(exchange, callback);
            }
        };
    }

    void record(String operation) {
        byOperation.computeIfAbsent(operation, o -> new LongAdder()).increment();
    }

    /** E.g. "Streamed for 30 s: 3000 snapshot records, then 42 changes (create 20, delete 4, update 18)." */
    String summary(long seconds) {
        Map<String, Long> counts = new TreeMap<>();
        byOperation.forEach((operation, n) -> counts.put(operation, n.sum()));
        long snapshot = counts.getOrDefault("snapshot", 0L);
        counts.remove("snapshot");
        long changes = counts.values().stream().mapToLong(Long::longValue).sum();
        String byOperationText = counts.isEmpty() ? "" : counts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", ", " (", ")"));
        return "Streamed for " + seconds + " s: " + snapshot + " snapshot records, then " + changes + " changes"
               + byOperationText + ".";
    }
}
