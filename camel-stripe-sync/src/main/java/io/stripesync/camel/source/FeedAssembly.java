package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.stripesync.camel.catalog.ResourceSelection;
import io.stripesync.camel.catalog.StripeCatalog;
import io.stripesync.camel.catalog.StripeResource;
import io.stripesync.camel.client.StripeGateway;
import io.stripesync.camel.position.ObjectDigests;
import io.stripesync.camel.position.PositionStore;

/**
 * Puts one stream's readers together into its {@link ChangeFeed}: the snapshot pages and their pipeline, the planner of
 * extra passes, the event reader with its rehydration, nested lists and backlog readers. What runs them (the threads)
 * and what is said about them (the log) come from outside, so this knows nothing of Camel.
 */
public final class FeedAssembly {

    /**
     * How the stream is read; nothing here changes while it runs.
     *
     * @param account             the connected account, null for the platform
     * @param testMode            whether the key is a test key (the planner's extra passes differ)
     * @param batchSize           objects or events per list request
     * @param parallelism         snapshot readers for all the resources together (slices read at once, and objects read
     *                            again at once)
     * @param eventReaders        readers of an events backlog: one endpoint's (/v1/events), whatever the resources
     * @param lookbackSeconds     how far back each events read looks for late events
     * @param completeNestedLists whether lists nested in objects are read to their end
     * @param delayMillis         the poll delay: how often the others' events are read while resources added to a running
     *                            stream take their snapshot, or while a resource is read again
     * @param rereadEveryMillis   the resources read again on a schedule, and how often
     * @param wallClock           epoch milliseconds: round ids and the re-reads' schedule
     */
    public record Options(String account, boolean testMode, int batchSize, int parallelism, int eventReaders,
                          int snapshotPagesInMemory,
                          boolean completeNestedLists, long lookbackSeconds, RehydrateMode rehydrate,
                          EventFilter eventFilter, SnapshotMode snapshotMode, boolean roundMarkers, int maxMessagesPerPoll, boolean resnapshotOnExpiry,
                          long delayMillis, Map<String, Long> rereadEveryMillis, LongSupplier wallClock) {

        public Options {
            rereadEveryMillis = Map.copyOf(rereadEveryMillis);
        }
    }

    /**
     * What the assembly is told to say while the stream runs.
     *
     * @param onResnapshot    events expired and a new snapshot starts
     * @param onLegacyForeign a position under the key of earlier versions belongs to another account (with why)
     * @param onReshaped      resources were added to or removed from a stream of several (what changed)
     * @param onNewRound      a stored position is not resumed, a new snapshot round begins instead (why)
     */
    public record Listener(Consumer<EventsExpiredException> onResnapshot, Consumer<String> onLegacyForeign,
                           Consumer<String> onReshaped, Consumer<String> onNewRound) {
    }

    private FeedAssembly() {
    }

    /**
     * @param snapshotReaders the threads that read snapshot pages and event backlogs ahead of the route
     * @param objectReaders   the threads that read objects again (rehydration, nested lists) while the above wait
     */
    public static ChangeFeed assemble(ResourceSelection resources, StripeGateway gateway, PositionStore store,
                                      Options options, ExecutorService snapshotReaders, ExecutorService objectReaders,
                                      Listener listener) {
        List<SnapshotReader> lists = new ArrayList<>();
        List<EventSettler.Follow> follows = new ArrayList<>();
        Map<String, SnapshotPlanner> planners = new LinkedHashMap<>();
        for (StripeResource resource : resources.resources()) {
            NestedListReader nestedLists = options.completeNestedLists() && !resource.nestedLists().isEmpty()
                    ? new NestedListReader(gateway, resource) : null;
            lists.add(new SnapshotReader(gateway, resource, options.account(), options.batchSize(), nestedLists));
            follows.add(new EventSettler.Follow(resource, new Rehydration(gateway, resource, options.account(),
                    options.rehydrate()).readingWith(objectReaders), nestedLists));
            planners.put(resource.name(), new SnapshotPlanner(gateway, resource, options.testMode()));
        }
        SnapshotPipeline snapshot = new SnapshotPipeline(lists, snapshotReaders, options.parallelism(),
                options.snapshotPagesInMemory());
        EventReader events = new EventReader(gateway, follows, resources.several(), options.batchSize(),
                options.lookbackSeconds(), options.eventFilter(), StripeCatalog.defaultCatalog()::isNotTheObject)
                .readingBacklogsWith(snapshotReaders, options.eventReaders(), options.snapshotPagesInMemory());
        Map<String, SnapshotReader> byResource = new LinkedHashMap<>();
        lists.forEach(l -> byResource.put(l.resourceName(), l));
        ObjectDigests digests = new ObjectDigests(options.rereadEveryMillis().keySet());
        Rereads rereads = new Rereads(byResource, planners, digests, options.rereadEveryMillis(), options.lookbackSeconds());
        return new ChangeFeed(resources, store, snapshot, events, planners,
                new ChangeFeed.Settings(options.account(), options.snapshotMode(), options.roundMarkers(), options.maxMessagesPerPoll(),
                        options.resnapshotOnExpiry(), options.delayMillis() * 1_000_000L),
                listener.onResnapshot(), listener.onLegacyForeign(), listener.onReshaped(),
                listener.onNewRound()).readingAgain(rereads, digests, options.wallClock());
    }
}
