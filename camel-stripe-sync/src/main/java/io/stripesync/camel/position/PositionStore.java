package io.stripesync.camel.position;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.spi.StateRepository;

/**
 * A position kept in a Camel StateRepository under a key derived from where the events come from (mode and API base),
 * the account, the resource and the stateKey option, so that applications sharing one store never resume each other's
 * positions. A position stored under the key of earlier versions, which named neither mode nor base, is adopted once:
 * read when the key holds nothing, saved under the key from then on, and the old key emptied.
 */
public final class PositionStore {

    private static final String STRIPE_HOST = "api.stripe.com";

    private final StateRepository<String, String> repository;
    private final String key;
    private final String legacyKey;
    /** The loaded position came from the legacy key and that key is still to be emptied. */
    private volatile boolean fromLegacyKey;
    /** The keys of endpoints of one resource whose positions an endpoint of several adopts, by resource. */
    private volatile Map<String, String> adoptableKeys = Map.of();
    /** This stream's claim on the key when the repository is shared by nodes and fences them; 0 otherwise. */
    private volatile long claim;
    /** When the repository last confirmed the claim (System.nanoTime): a load, a save, or a look at the newest claim. */
    private volatile long claimConfirmedNanos;

    public PositionStore(StateRepository<String, String> repository, String key) {
        this(repository, key, null);
    }

    /** @param legacyKey the key earlier versions used for the same stream, or null */
    public PositionStore(StateRepository<String, String> repository, String key, String legacyKey) {
        this.repository = repository;
        this.key = key;
        this.legacyKey = legacyKey;
    }

    /**
     * {@code stripe-sync/<space>/<account or platform>/<resource>[/<stateKey>]}, where the space is the key's mode and,
     * unless it is Stripe's, the API base: {@code test}, {@code live}, {@code test@127.0.0.1:12111}.
     */
    public static String keyFor(String space, String account, String resource, String stateKey) {
        return "stripe-sync/" + space + "/" + legacyKeyFor(account, resource, stateKey).substring("stripe-sync/".length());
    }

    /** The key of versions up to 0.1: {@code stripe-sync/<account or platform>/<resource>[/<stateKey>]}. */
    public static String legacyKeyFor(String account, String resource, String stateKey) {
        return "stripe-sync/" + (account == null ? "platform" : account) + "/" + resource
               + (stateKey == null ? "" : "/" + stateKey);
    }

    /**
     * Test and live mode are separate worlds at Stripe, and so is every other API base (a simulator, a mock).
     *
     * @param mode    {@code test} or {@code live}; {@code unknown} for a user-supplied client without a key option
     * @param apiBase the endpoint's API base
     */
    public static String space(String mode, String apiBase) {
        URI base = URI.create(apiBase);
        boolean stripes = STRIPE_HOST.equals(base.getHost()) && (base.getPort() == -1 || base.getPort() == 443);
        return stripes ? mode : mode + "@" + base.getHost() + (base.getPort() == -1 ? "" : ":" + base.getPort());
    }

    public String key() {
        return key;
    }

    /** The key the loaded position was read from: the key, or the legacy key until the first save. */
    public String loadedKey() {
        return fromLegacyKey ? legacyKey : key;
    }

    /** Whether the loaded position came from the key of earlier versions (and is still stored only there). */
    public boolean loadedFromLegacyKey() {
        return fromLegacyKey;
    }

    /** The position under the legacy key is not this stream's: it stays where it is, for its owner. */
    public void disownLegacyKey() {
        fromLegacyKey = false;
    }

    /**
     * Reads the stored position. On a repository that fences nodes this also claims the key: from now on a save of any
     * node that claimed it earlier is refused.
     */
    public Optional<Position> load() {
        fromLegacyKey = false;
        if (repository instanceof FencedStateRepository fenced) {
            claimConfirmedNanos = System.nanoTime();
            claim = fenced.claim(key);
        }
        String text = repository.getState(key);
        String from = key;
        if ((text == null || text.isEmpty()) && legacyKey != null) {
            text = repository.getState(legacyKey);
            from = legacyKey;
            fromLegacyKey = text != null && !text.isEmpty();
        }
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PositionCodec.decode(text));
        } catch (IllegalArgumentException e) {
            throw new UnreadablePositionException("The stored position under state key '" + from + "' cannot be read ("
                                                  + e.getMessage() + "). Remove that key from the state repository to"
                                                  + " start over with a snapshot, or use snapshotMode=when_needed.", e);
        }
    }

    /**
     * The store of an endpoint of several resources, which adopts the positions stored under these keys (the keys of
     * endpoints of one of its resources) when its own key holds nothing.
     *
     * @param keys by resource name
     */
    public PositionStore adopting(Map<String, String> keys) {
        this.adoptableKeys = Map.copyOf(keys);
        return this;
    }

    /** The positions of endpoints of one resource this store may adopt, by resource (read only, never emptied). */
    public Map<String, Position> adoptable() {
        return peek(adoptableKeys);
    }

    /**
     * The positions stored under these keys, read only: those of endpoints of one resource that an endpoint of several
     * adopts when its own key holds nothing. Keys that hold nothing (or what cannot be read) are left out.
     *
     * @param keys by resource name
     * @return by resource name
     */
    public Map<String, Position> peek(Map<String, String> keys) {
        Map<String, Position> found = new LinkedHashMap<>();
        keys.forEach((resource, peerKey) -> {
            String text = repository.getState(peerKey);
            if (text != null && !text.isEmpty()) {
                try {
                    found.put(resource, PositionCodec.decode(text));
                } catch (IllegalArgumentException e) {
                    // not adopted: that resource starts afresh, as if nothing were stored
                }
            }
        });
        return found;
    }

    /** This stream's claim on the key (the fencing token its records carry), or 0 when the repository does not fence. */
    public long claim() {
        return claim;
    }

    /**
     * Makes sure no other node claimed the key since, asking the repository (one read) unless it confirmed the claim
     * within the last {@code trustNanos}. A node paused longer than that (a stop signal, a long GC pause) asks before
     * it delivers again, so the records of a stream another node took over in the meantime never reach its route.
     *
     * @throws FencedStateRepository.SupersededClaimException when another node claimed the key since
     */
    public void confirmClaim(long trustNanos) {
        if (!(repository instanceof FencedStateRepository fenced) || claim == 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - claimConfirmedNanos < trustNanos) {
            return;
        }
        long newest = fenced.newestClaim(key);
        if (newest != claim) {
            throw FencedStateRepository.SupersededClaimException.beforeDelivery(key, claim, newest);
        }
        claimConfirmedNanos = now;
    }

    /** Where the stream's object digests are kept: beside the position, under its key and {@code /digests}. */
    public String digestsKey() {
        return key + "/digests";
    }

    /** The stored digests, or null when none were stored. */
    public String loadDigests() {
        String text = repository.getState(digestsKey());
        return text == null || text.isEmpty() ? null : text;
    }

    /**
     * Stores the digests, unfenced: digests of a node that lost the stream are still what it delivered, and older ones
     * only make a re-read emit more.
     */
    public void saveDigests(String text) {
        repository.setState(digestsKey(), text);
    }

    /**
     * @throws FencedStateRepository.SupersededClaimException when another node claimed the key since this one loaded it
     */
    public void save(Position position) {
        if (repository instanceof FencedStateRepository fenced && claim > 0) {
            long before = System.nanoTime();
            fenced.setState(key, PositionCodec.encode(position), claim);
            claimConfirmedNanos = before;
        } else {
            repository.setState(key, PositionCodec.encode(position));
        }
        if (fromLegacyKey) {
            // StateRepository has no removal: an empty value reads as no position
            repository.setState(legacyKey, "");
            fromLegacyKey = false;
        }
    }
}
