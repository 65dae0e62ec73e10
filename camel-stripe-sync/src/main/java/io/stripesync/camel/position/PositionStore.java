package io.stripesync.camel.position;

import java.util.Optional;

import org.apache.camel.spi.StateRepository;

/** A position kept in a Camel StateRepository under a key derived from account, resource and stateKey. */
public final class PositionStore {

    private final StateRepository<String, String> repository;
    private final String key;

    public PositionStore(StateRepository<String, String> repository, String key) {
        this.repository = repository;
        this.key = key;
    }

    /** {@code stripe-sync/<account or platform>/<resource>[/<stateKey>]}. */
    public static String keyFor(String account, String resource, String stateKey) {
        return "stripe-sync/" + (account == null ? "platform" : account) + "/" + resource
               + (stateKey == null ? "" : "/" + stateKey);
    }

    public String key() {
        return key;
    }

    public Optional<Position> load() {
        String text = repository.getState(key);
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PositionCodec.decode(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The stored position under state key '" + key + "' cannot be read ("
                                            + e.getMessage() + "). Remove that key from the state repository to start"
                                            + " over with a snapshot.", e);
        }
    }

    public void save(Position position) {
        repository.setState(key, PositionCodec.encode(position));
    }
}
