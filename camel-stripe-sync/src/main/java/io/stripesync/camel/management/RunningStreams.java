package io.stripesync.camel.management;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;

/**
 * The stripe-sync streams running in one CamelContext, by their figures: what the dev console lists. A context plugin,
 * so the console finds every stream, whether its route starts from it, from camel-webhook or from master:.
 */
public final class RunningStreams {

    /** Held while a context's plugin is looked up and, the first time, added. */
    private static final Object MADE = new Object();

    private final Set<StreamFigures> streams = ConcurrentHashMap.newKeySet();

    /** The context's streams, made on first use. */
    public static RunningStreams of(CamelContext context) {
        synchronized (MADE) {
            RunningStreams found = context.getCamelContextExtension().getContextPlugin(RunningStreams.class);
            if (found == null) {
                found = new RunningStreams();
                context.getCamelContextExtension().addContextPlugin(RunningStreams.class, found);
            }
            return found;
        }
    }

    /**
     * Adds a stream unless another of this context already keeps its position under the same state key.
     *
     * @throws IllegalStateException naming both routes and the key
     */
    public synchronized void claim(StreamFigures figures) {
        for (StreamFigures other : streams) {
            if (other != figures && Objects.equals(other.stateKey(), figures.stateKey())) {
                throw new IllegalStateException("Route " + figures.routeId() + " (stripe-sync:" + figures.resource()
                                                + ") would keep its position under state key '" + figures.stateKey()
                                                + "', which route " + other.routeId() + " (stripe-sync:"
                                                + other.resource() + ") of this CamelContext already uses: two streams"
                                                + " on one position overwrite each other's progress. Set stateKey on"
                                                + " one of them (e.g. stateKey=" + figures.routeId() + ").");
            }
        }
        streams.add(figures);
    }

    public void remove(StreamFigures figures) {
        streams.remove(figures);
    }

    /** The streams by route and resource. */
    public List<StreamFigures> list() {
        return streams.stream().sorted(Comparator.comparing((StreamFigures f) -> String.valueOf(f.routeId()))
                .thenComparing(f -> String.valueOf(f.resource()))).toList();
    }
}
