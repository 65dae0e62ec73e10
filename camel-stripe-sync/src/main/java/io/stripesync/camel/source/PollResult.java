package io.stripesync.camel.source;

import java.util.List;

import io.stripesync.camel.position.Position;

/**
 * What one poll of a reader found.
 *
 * @param records       in delivery order
 * @param end           the position once every record has been processed (it may differ from the last record's,
 *                      e.g. when the snapshot ended on an empty page)
 * @param moreAvailable Stripe said there is more right now ({@code has_more}), so the consumer should poll again
 *                      without waiting
 */
public record PollResult(List<ChangeRecord> records, Position end, boolean moreAvailable) {

    public PollResult {
        records = List.copyOf(records);
    }
}
