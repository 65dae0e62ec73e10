package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.stripe.exception.StripeException;
import io.stripesync.camel.position.EventCursor;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.Position;

/**
 * The connected accounts one stream follows, and whose turn it is to be read. Each account has its own position and
 * its own feed, but one budget: accounts with changes take every other turn, the others the rest, each kind the one
 * read longest ago first (at a tie, the oldest cursor), so a busy account cannot starve the others nor they it. An
 * account whose reads find nothing is read less and less often (its interval doubles from the delay up to the longest
 * idle delay), and once it follows changes with nothing in flight its feed is closed: what stays in memory for an idle
 * account is this class's small {@link Turn} (with the cursors its feed stopped at), its turns cost one
 * {@link IdleProbe} request, and its position is loaded again from the store only when the probe finds an event.
 */
public final class AccountRota {

    /** Opens an account's feed: its readers put together and its position loaded from the store. */
    @FunctionalInterface
    public interface Feeds {
        /**
         * @param version the API version learnt for the account at an earlier turn, null when none was
         * @param resumed the feed was open before in this run: its first-start checks (whose position it is, an
         *                always-snapshot round) are not made again
         */
        ChangeFeed open(String account, String version, boolean resumed);
    }

    /** The events of an idle account's look-back window its feed did not know (one request per event query). */
    @FunctionalInterface
    public interface Probe {
        Set<String> unknown(String account, List<EventCursor> cursors, Set<String> known) throws StripeException;
    }

    /** One account of the stream: when it is due, and its feed while one is open. */
    public static final class Turn {
        private final String account;
        private final IdlePace pace;
        private ChangeFeed feed;
        /** The API version learnt at its feed's reads (null until learnt, or when the stream names one). */
        private String version;
        private boolean opened;
        private long lastReadNanos = Long.MIN_VALUE;
        /** The second of the newest event its stream read, known once a feed was open: the oldest cursor goes first. */
        private long cursorSecond;
        /** Taken by a reader now: not given out again until {@link #polled} or {@link #failed}. */
        private boolean reading;
        /** Where its feed stopped when it was closed: what the probe compares; null before its first close. */
        private List<EventCursor> closedAt;
        /** The event ids its feed had delivered or accounted for in its look-back window when it was closed. */
        private Set<String> known;
        /**
         * What the last probe found and opened the feed for: once the feed read past them they are known too, even those
         * it passed over without remembering them (an event older than a resource's watermark), so the next probe does
         * not open the feed for them again.
         */
        private Set<String> probed = Set.of();
        /** Pushed events being delivered through its feed: the feed is not closed meanwhile. */
        private int pushes;
        /** Its last read brought records or left more to read. */
        private boolean active;
        /** When its next turn is due (System.nanoTime). */
        private long dueNanos;

        private Turn(String account, IdlePace pace, long dueNanos) {
            this.account = account;
            this.pace = pace;
            this.dueNanos = dueNanos;
        }

        private boolean due(long nowNanos) {
            return !reading && nowNanos - dueNanos >= 0;
        }

        public String account() {
            return account;
        }

        /** The open feed; null between the turns of an idle account. */
        public ChangeFeed feed() {
            return feed;
        }
    }

    private final Feeds feeds;
    private final Probe probe;
    private final long delayMillis;
    private final long maxIdleMillis;
    private final Map<String, Turn> turns = new HashMap<>();
    /** Whether the next place goes to an account with changes, when both kinds are due. */
    private boolean activeNext = true;

    /**
     * @param delayMillis     the poll delay: a busy account's interval
     * @param maxIdleMillis   the longest interval of an idle account
     */
    public AccountRota(Feeds feeds, Probe probe, long delayMillis, long maxIdleMillis) {
        this.feeds = feeds;
        this.probe = probe;
        this.delayMillis = delayMillis;
        this.maxIdleMillis = maxIdleMillis;
    }

    /**
     * Follows exactly these accounts from now on: the new ones are due at once (their first turn opens a feed that
     * takes their snapshot), the others are dropped, their open feeds returned to be closed.
     *
     * @return the feeds of the accounts no longer followed
     */
    public synchronized List<ChangeFeed> follow(Collection<String> accounts) {
        Set<String> wanted = new LinkedHashSet<>(accounts);
        List<ChangeFeed> closing = new ArrayList<>();
        turns.values().removeIf(t -> {
            if (wanted.contains(t.account)) {
                return false;
            }
            if (t.feed != null) {
                closing.add(t.feed);
            }
            return true;
        });
        for (String account : wanted) {
            turns.computeIfAbsent(account, a -> new Turn(a, new IdlePace(delayMillis, maxIdleMillis), System.nanoTime()));
        }
        return closing;
    }

    /**
     * Stops following one account (it was deauthorized, or its position cannot be used).
     *
     * @return its open feed, to be closed, or null
     */
    public synchronized ChangeFeed retire(String account) {
        Turn gone = turns.remove(account);
        return gone == null ? null : gone.feed;
    }

    /**
     * Up to {@code max} due accounts, taken for reading. Accounts whose last read brought records (or left more to
     * read) take every other place, the one read longest ago first; the other places go to the rest, never read first,
     * then the one read longest ago (at a tie, the oldest cursor). So when more accounts are due than the budget reads
     * (thousands starting, or idle ones whose intervals are still short), an account with changes is still read about
     * once a delay, and it cannot take every place from the others either. A taken turn is not given out again until it
     * is {@link #polled} or {@link #failed}.
     */
    public synchronized List<Turn> due(long nowNanos, int max) {
        List<Turn> active = new ArrayList<>();
        List<Turn> rest = new ArrayList<>();
        for (Turn t : turns.values()) {
            if (t.due(nowNanos)) {
                (t.active ? active : rest).add(t);
            }
        }
        Comparator<Turn> order = Comparator.<Turn> comparingLong(t -> t.lastReadNanos)
                .thenComparingLong(t -> t.cursorSecond).thenComparing(t -> t.account);
        active.sort(order);
        rest.sort(order);
        List<Turn> taken = new ArrayList<>();
        for (int i = 0, j = 0; taken.size() < max && (i < active.size() || j < rest.size()); ) {
            // alternate across calls too: the readers ask for one place at a time as their reads complete
            boolean fromActive = j >= rest.size() || i < active.size() && activeNext;
            taken.add(fromActive ? active.get(i++) : rest.get(j++));
            activeNext = !fromActive;
        }
        taken.forEach(t -> t.reading = true);
        return taken;
    }

    /** Whether an account not being read is due now (a poll may follow at once). */
    public synchronized boolean anyDue(long nowNanos) {
        return turns.values().stream().anyMatch(t -> t.due(nowNanos));
    }

    /**
     * A turn's read, by the reader that took it: an idle account's probe first, then, when it found something or the
     * account has a feed open, the feed's next read.
     *
     * @return the feed's read, or null when the probe found nothing new
     */
    public PollResult read(Turn turn) throws StripeException, EventsExpiredException {
        if (turn.feed == null && turn.closedAt != null) {
            Set<String> unknown = probe.unknown(turn.account, turn.closedAt, turn.known);
            if (unknown.isEmpty()) {
                return null;
            }
            turn.probed = unknown;
        }
        return feedOf(turn).next();
    }

    /** The turn's feed, opened (its position loaded) when it has none: by the reader that took it, or a push. */
    private ChangeFeed feedOf(Turn turn) {
        // a reader and a webhook may ask at once: one feed per account
        synchronized (turn) {
            if (turn.feed == null) {
                turn.feed = feeds.open(turn.account, turn.version, turn.opened);
                turn.opened = true;
            }
            return turn.feed;
        }
    }

    /** The feed a pushed event of the account goes through, opened if needed and kept open until {@link #pushed}. */
    public ChangeFeed pushing(Turn turn) {
        synchronized (this) {
            turn.pushes++;
        }
        try {
            return feedOf(turn);
        } catch (RuntimeException e) {
            pushed(turn);
            throw e;
        }
    }

    /** A pushed event went through the account's feed (delivered and saved, or refused). */
    public synchronized void pushed(Turn turn) {
        turn.pushes--;
    }

    /** The turn of a followed account; null when the account is not followed. */
    public synchronized Turn turnOf(String account) {
        return turns.get(account);
    }

    /**
     * A turn's read was delivered: the account's next turn is a delay away when it had records or more to read, later
     * and later while it has none. Its feed is closed once it follows changes with nothing open (no snapshot slice, no
     * round to close, no resource behind the cursor); the probe reads its look-back window from then on.
     *
     * @param version the API version its reads used, kept for its next feed
     * @return the feed to close, or null when it stays open
     */
    public synchronized ChangeFeed polled(Turn turn, int records, boolean more, String version, long nowNanos) {
        turn.reading = false;
        turn.lastReadNanos = nowNanos;
        turn.active = records > 0 || more;
        if (version != null) {
            turn.version = version;
        }
        turn.pace.polled(more ? Math.max(1, records) : records, nowNanos);
        // more to read: at once; else a delay after records, a growing interval after none
        turn.dueNanos = more ? nowNanos : nowNanos + turn.pace.intervalMillis() * 1_000_000L;
        Position at = turn.feed == null ? null : turn.feed.position();
        if (at != null) {
            turn.cursorSecond = at.newestRead();
        }
        if (records > 0 || more || at == null || !settled(at) || turn.pushes > 0) {
            return null;
        }
        ChangeFeed closing = turn.feed;
        turn.feed = null;
        turn.closedAt = at.cursors();
        Set<String> known = new HashSet<>(at.delivered().keySet());
        known.addAll(turn.probed);
        turn.known = Set.copyOf(known);
        turn.probed = Set.of();
        return closing;
    }

    /** A turn's read failed: the account is due again after a delay; its feed stays as it was. */
    public synchronized void failed(Turn turn, long nowNanos) {
        turn.reading = false;
        turn.lastReadNanos = nowNanos;
        turn.pace.polled(1, nowNanos);
        turn.dueNanos = nowNanos + delayMillis * 1_000_000L;
    }

    private boolean settled(Position at) {
        return at.phase() == Phase.CDC && at.openSlices().isEmpty() && at.roundToClose() == null
               && at.behind().isEmpty();
    }

    /** Every open feed, taken out of the rota (the stream stops). */
    public synchronized List<ChangeFeed> closeAll() {
        List<ChangeFeed> open = new ArrayList<>();
        turns.values().forEach(t -> {
            if (t.feed != null) {
                open.add(t.feed);
                t.feed = null;
            }
        });
        return open;
    }

    /** How many accounts are followed. */
    public synchronized int size() {
        return turns.size();
    }

    /** How many accounts have a feed open now. */
    public synchronized int openFeeds() {
        return (int) turns.values().stream().filter(t -> t.feed != null).count();
    }
}
