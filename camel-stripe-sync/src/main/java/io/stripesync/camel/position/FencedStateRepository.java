package io.stripesync.camel.position;

import org.apache.camel.spi.StateRepository;

/**
 * A state repository several nodes share, which can refuse a node that lost its stream to another: a node claims a key
 * when its stream starts (the claim supersedes every earlier one) and saves under its claim; a save under a superseded
 * claim is refused, so a stale leader's late save can never move a position back.
 */
public interface FencedStateRepository extends StateRepository<String, String> {

    /** Supersedes every earlier claim on the key and returns the new one (a number that only grows). */
    long claim(String key);

    /**
     * The newest claim on the key, or 0 when nobody claimed it: a consumer compares it with its own before it hands
     * records to its route, so a node that lost the stream stops delivering, not only saving.
     */
    long newestClaim(String key);

    /**
     * Stores the value if the claim is still the newest one on the key.
     *
     * @throws SupersededClaimException when another node claimed the key since
     */
    void setState(String key, String value, long claim);

    /** Another node claimed the key since this node's claim: its save was refused. */
    final class SupersededClaimException extends IllegalStateException {

        public SupersededClaimException(String key, long claim, long newest) {
            super("The save of state key '" + key + "' under claim " + claim + " was refused: another node claimed the key"
                  + " since (claim " + newest + ") and carries the stream on. This node stops.");
        }

        private SupersededClaimException(String message) {
            super(message);
        }

        /** Found before records were handed to the route: they stay here, the newer claim's node delivers them. */
        public static SupersededClaimException beforeDelivery(String key, long claim, long newest) {
            return new SupersededClaimException("The records of state key '" + key + "' read under claim " + claim
                                                + " were not delivered: another node claimed the key since (claim "
                                                + newest + ") and carries the stream on. This node stops.");
        }
    }
}
