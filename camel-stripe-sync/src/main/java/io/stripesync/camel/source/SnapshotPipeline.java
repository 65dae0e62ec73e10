package io.stripesync.camel.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.stripe.exception.StripeException;
import io.stripesync.camel.position.Position;
import io.stripesync.camel.position.SnapshotSlice;

/**
 * A snapshot read ahead by several readers at once, under the account's shared rate limiter (every request goes through
 * the same gateway). Each reader takes an open slice, fetches its next page and puts the page in a queue; the consumer
 * takes pages from the queue in the order they came, so the records of one slice arrive in list order while pages of
 * other slices interleave.
 *
 * <p><b>Splitting.</b> A page that shows more to come in its slice lets the slice be cut (when the resource lists by
 * created time and fewer than {@code 4 x parallelism} slices are open): the page's created span says how long a
 * stretch of time holds about one page, so the slice keeps the next such stretch and the older part of its range is
 * shared out in at most one piece per reader, doubling in width going back in time, the last one open-ended. A
 * resource whose objects were mostly created in one week still fans out (each dense piece splits again), and an old
 * sparse range costs a few empty pages. Each slice ends on a partial page, so a parallel snapshot sends about one list
 * request per slice more than a sequential one.
 *
 * <p><b>Memory.</b> A reader takes a permit before each request and the permit comes back once the consumer has taken
 * the page's last record: at most {@code pagesInMemory} pages are fetched or waiting, whatever the parallelism, plus
 * the batch the route is processing.
 *
 * <p><b>Position.</b> The position is advanced as records are handed out, never as pages are fetched, and holds every
 * open slice's cursor: a restart resumes each slice after its last processed record, and repeats at most the pages
 * that were in flight. When the consumer comes back with a position other than the one last handed out (a record
 * failed), the read-ahead is dropped and starts again from that position.
 */
public final class SnapshotPipeline implements AutoCloseable {

    /** Before Stripe's launch: the oldest bound a split needs to consider; the last piece stays open below it. */
    static final long OLDEST_CREATED = 1_262_304_000L;   // 2010-01-01T00:00:00Z

    /** The lists read, by resource: one for a stream of one resource (its slices name none), else one per resource. */
    private final Map<String, SnapshotReader> lists = new HashMap<>();
    private final SnapshotReader only;
    private final Executor executor;
    private final int readers;
    private final int pagesInMemory;
    private final int maxOpenSlices;
    private Run run;

    /**
     * @param parallelism   readers at once; 1 reads ahead without splitting
     * @param pagesInMemory pages fetched or waiting at most; fewer readers than that run at once
     */
    public SnapshotPipeline(SnapshotReader reader, Executor executor, int parallelism, int pagesInMemory) {
        this(List.of(reader), executor, parallelism, pagesInMemory);
    }

    /**
     * The snapshots of several resources side by side: their slices are shared out to the same readers, so each list
     * endpoint is read at its own pace while together they fill the key's budget, and their pages interleave.
     *
     * @param parallelism readers at once, for all the resources together
     */
    public SnapshotPipeline(List<SnapshotReader> readers, Executor executor, int parallelism, int pagesInMemory) {
        readers.forEach(r -> lists.put(r.resourceName(), r));
        this.only = readers.size() == 1 ? readers.get(0) : null;
        this.executor = executor;
        this.pagesInMemory = pagesInMemory;
        this.readers = Math.max(1, Math.min(parallelism, pagesInMemory));
        this.maxOpenSlices = this.readers > 1 ? 4 * this.readers : 0;
    }

    /** Whether the snapshot is split in created-time slices (Stripe's list of the resource filters by created). */
    public boolean slicesByCreated() {
        return lists.values().stream().anyMatch(SnapshotReader::slicesByCreated);
    }

    /** The list a slice is of: the stream's only one, or its resource's. */
    private SnapshotReader list(SnapshotSlice slice) {
        if (slice.resource() == null) {
            if (only == null) {
                throw new IllegalStateException("a snapshot slice without its resource in a stream of several: " + slice);
            }
            return only;
        }
        SnapshotReader reader = lists.get(slice.resource());
        if (reader == null) {
            throw new IllegalStateException("no list of resource " + slice.resource() + " in this stream");
        }
        return reader;
    }

    /**
     * The next records of the snapshot, each with the position after it: what is left of the page being handed out,
     * else the next page fetched, waiting for it at most a moment (then none, and the caller polls again).
     *
     * @param from the position saved last: the records before it were processed
     * @param max  at most this many records; 0 for no limit beyond a page
     */
    public synchronized PollResult read(Position from, int max) throws StripeException {
        if (run == null || run.failed || !from.slices().equals(run.delivered.slices())) {
            if (run != null) {
                run.cancel();
            }
            run = new Run(from);
            run.start();
        } else {
            // the same snapshot progress, the rest of the position moved on (events read between two pages, while
            // resources added to a running stream take their snapshot): the pages read ahead still hold
            run.delivered = from;
        }
        return run.next(max);
    }

    /** Stops reading ahead; nothing is lost, the next read starts again from the position it is given. */
    @Override
    public synchronized void close() {
        if (run != null) {
            run.cancel();
            run = null;
        }
    }

    /** A fetched page and what its slice becomes once the page's last record is processed, or the failure instead. */
    private record Fetched(SnapshotSlice was, List<JsonObject> items, List<SnapshotSlice> then, Exception error) {
    }

    private static final Fetched END = new Fetched(null, List.of(), List.of(), null);

    /** One read-ahead from one starting position; dropped when the consumer comes back with another. */
    private final class Run {
        private final Semaphore permits = new Semaphore(pagesInMemory);
        private final BlockingQueue<Fetched> pages = new LinkedBlockingQueue<>();
        private final Deque<SnapshotSlice> ready = new ArrayDeque<>();
        /** Requests under way per resource (the key "" for a stream of one), so the readers share out the lists. */
        private final Map<String, Integer> inFlightByResource = new HashMap<>();
        private int inFlight;
        private int open;
        private int running;
        private volatile boolean cancelled;
        private volatile boolean failed;
        private Position delivered;
        private Fetched current;
        private int index;

        Run(Position from) {
            delivered = from;
            ready.addAll(from.openSlices());
            open = ready.size();
        }

        void start() {
            running = readers;
            for (int i = 0; i < readers; i++) {
                executor.execute(this::readLoop);
            }
        }

        void cancel() {
            cancelled = true;
            synchronized (this) {
                notifyAll();
            }
        }

        private void readLoop() {
            while (true) {
                SnapshotSlice slice;
                synchronized (this) {
                    while (!cancelled && !failed && ready.isEmpty() && inFlight > 0) {
                        waitQuietly();
                    }
                    if (cancelled || failed || ready.isEmpty()) {
                        // nothing left to take and nothing in flight that could add work: the last reader out says so
                        if (--running == 0 && !cancelled && !failed) {
                            pages.add(END);
                        }
                        return;
                    }
                    slice = nextSlice();
                    inFlight++;
                    inFlightByResource.merge(resourceOf(slice), 1, Integer::sum);
                }
                if (!takePermit()) {
                    synchronized (this) {
                        inFlight--;
                        inFlightByResource.merge(resourceOf(slice), -1, Integer::sum);
                        running--;
                        notifyAll();
                    }
                    return;
                }
                Fetched fetched;
                try {
                    fetched = split(list(slice).fetch(slice));
                } catch (Exception e) {
                    fetched = new Fetched(slice, List.of(), List.of(), e);
                }
                synchronized (this) {
                    inFlight--;
                    inFlightByResource.merge(resourceOf(slice), -1, Integer::sum);
                    if (cancelled) {
                        permits.release();
                    } else {
                        pages.add(fetched);
                        if (fetched.error() != null) {
                            failed = true;
                        } else {
                            open += fetched.then().size() - 1;
                            ready.addAll(fetched.then());
                        }
                    }
                    notifyAll();
                }
            }
        }

        /**
         * The open slice of the resource with the fewest requests under way (the first such in the queue): each list
         * endpoint has its own pace, so readers piled on one resource would wait for its budget while another
         * resource's slices sat in the queue.
         */
        private SnapshotSlice nextSlice() {
            if (only != null) {
                return ready.pollFirst();
            }
            SnapshotSlice best = null;
            int fewest = Integer.MAX_VALUE;
            for (SnapshotSlice s : ready) {
                int busy = inFlightByResource.getOrDefault(resourceOf(s), 0);
                if (busy < fewest) {
                    best = s;
                    fewest = busy;
                }
            }
            ready.remove(best);
            return best;
        }

        private static String resourceOf(SnapshotSlice slice) {
            return slice.resource() == null ? "" : slice.resource();
        }

        private boolean takePermit() {
            try {
                while (!cancelled) {
                    if (permits.tryAcquire(ReadAhead.WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        private void waitQuietly() {
            try {
                wait(ReadAhead.WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancelled = true;
            }
        }

        /** What the slice becomes after the page: itself further on (maybe narrowed) and the pieces cut off it. */
        private Fetched split(SnapshotReader.Page page) {
            SnapshotSlice slice = page.slice();
            List<JsonObject> items = page.items();
            if (!page.hasMore() || items.isEmpty()) {
                return new Fetched(slice, items, List.of(), null);
            }
            JsonObject last = items.get(items.size() - 1);
            SnapshotSlice further = SnapshotReader.past(slice, last);
            List<SnapshotSlice> then = new ArrayList<>();
            then.add(further);
            // at most one new piece per reader at a time: enough to keep them busy, and each piece that turns out
            // dense splits again, while a range that turns out empty has cost one request, not dozens
            int room;
            synchronized (this) {
                room = list(slice).slicesByCreated() ? Math.min(readers, maxOpenSlices - open) : 0;
            }
            Long oldest = page.oldestCreated();
            Long newest = page.newestCreated();
            if (room <= 0 || oldest == null || newest == null) {
                return new Fetched(slice, items, then, null);
            }
            long span = Math.max(1, newest - oldest + 1);
            long floor = slice.createdGte() == null ? OLDEST_CREATED : slice.createdGte();
            long cut = oldest - span;
            if (cut <= floor) {
                return new Fetched(slice, items, then, null);
            }
            then.set(0, further.from(cut));
            long hi = cut;
            long width = 2 * span;
            for (int pieces = 1; pieces <= room; pieces++) {
                long lo = hi - width;
                if (lo <= floor || pieces == room) {
                    then.add(slice.range(slice.createdGte(), hi));
                    break;
                }
                then.add(slice.range(lo, hi));
                hi = lo;
                width *= 2;
            }
            return new Fetched(slice, items, then, null);
        }

        /** The next page's records (or what is left of it), each with the position after it. */
        PollResult next(int max) throws StripeException {
            List<ChangeRecord> out = new ArrayList<>();
            while (out.isEmpty()) {
                if (current == null) {
                    Fetched f = take();
                    if (f == null || f == END) {
                        // nothing fetched yet, or every slice listed: the position says which
                        return new PollResult(List.of(), delivered, true);
                    }
                    if (f.error() != null) {
                        throw ReadAhead.rethrow(f.error());
                    }
                    if (f.items().isEmpty()) {
                        delivered = delivered.withSliceProgress(f.was(), f.then());
                        permits.release();
                        continue;
                    }
                    current = f;
                    index = 0;
                }
                List<JsonObject> items = current.items();
                while (index < items.size() && (max <= 0 || out.size() < max)) {
                    JsonObject item = items.get(index);
                    List<SnapshotSlice> then = index == items.size() - 1 ? current.then()
                            : List.of(SnapshotReader.past(current.was(), item));
                    delivered = delivered.withSliceProgress(current.was(), then);
                    out.add(list(current.was()).record(item, delivered));
                    index++;
                }
                if (index == items.size()) {
                    current = null;
                    permits.release();
                }
            }
            return new PollResult(out, delivered, true);
        }

        private Fetched take() {
            try {
                return pages.poll(ReadAhead.WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
