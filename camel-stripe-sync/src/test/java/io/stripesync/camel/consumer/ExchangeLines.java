package io.stripesync.camel.consumer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.stripesync.camel.StripeSyncConstants;
import org.apache.camel.Processor;

/**
 * What a killed application delivered, as one line per exchange ({@code operation objectId eventId}) in an
 * append-only file, written through before the exchange completes: a line is in the file once it was processed.
 */
final class ExchangeLines {

    private ExchangeLines() {
    }

    static Processor appendTo(BufferedWriter out) {
        return e -> {
            out.write(e.getIn().getHeader(StripeSyncConstants.OPERATION) + " "
                      + e.getIn().getHeader(StripeSyncConstants.OBJECT_ID) + " "
                      + e.getIn().getHeader(StripeSyncConstants.EVENT_ID) + "\n");
            out.flush();
        };
    }

    /** The whole lines written so far (a kill may cut the last one). */
    static List<String> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }
}
