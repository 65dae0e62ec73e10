package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.stripe.exception.StripeException;
import io.stripesync.camel.catalog.ResourceSelection;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.position.Position;

/**
 * What a stream of several resources does with a stored position made for another list: it takes over the positions
 * endpoints of its resources stored alone, drops the resources no longer listed, and gives an added resource a
 * watermark and a snapshot of its own. Each gives the position to save and what to say about it.
 */
final class ResourceListChange {

    /** The position to save and what changed, for the log. */
    record Outcome(Position position, String what) {
    }

    private final ResourceSelection resources;
    private final EventReader events;
    private final Map<String, SnapshotPlanner> planners;
    private final boolean snapshot;

    ResourceListChange(ResourceSelection resources, EventReader events, Map<String, SnapshotPlanner> planners,
                       boolean snapshot) {
        this.resources = resources;
        this.events = events;
        this.planners = planners;
        this.snapshot = snapshot;
    }

    /**
     * The position of a list whose key holds nothing, made of the positions its resources' endpoints of one resource
     * stored (the same account, stateKey and API base): their snapshots are not taken again, and the events stream
     * starts at the oldest of their cursors. Null when there is none to take over. Their keys are left as they were.
     *
     * @param singles what {@link io.stripesync.camel.position.PositionStore#adoptable()} found, by resource
     */
    Outcome adopt(Map<String, Position> singles, String account) {
        Map<String, Position> ours = new LinkedHashMap<>(singles);
        ours.values().removeIf(p -> p.several() || !Objects.equals(p.account(), account)
                                    || resources.hasEvents() && p.cursors().isEmpty());
        if (ours.isEmpty()) {
            return null;
        }
        return new Outcome(Position.adopt(ours, account, events.lookbackSeconds()), "took over the positions of "
                           + String.join(", ", ours.keySet()) + " stored by endpoints of one resource (their keys are"
                           + " left as they were)");
    }

    /**
     * The stored position with the endpoint's list: a resource no longer followed is dropped (its watermark and open
     * slices); an added one takes its snapshot from a watermark taken now (two requests). A stream that follows changes
     * goes on following the others meanwhile, passing over the added resource's events, and goes back for them once its
     * snapshot is through ({@link Position#caughtUp(long)}), so no change of it reaches the route before its object's
     * snapshot record. Null when the lists are the same.
     */
    Outcome reshape(Position stored) throws StripeException {
        Position next = stored;
        List<String> removed = new ArrayList<>();
        for (String name : stored.watermarks().keySet()) {
            if (!resources.names().contains(name)) {
                next = next.withoutResource(name);
                removed.add(name);
            }
        }
        List<String> added = new ArrayList<>();
        for (String name : resources.names()) {
            if (!stored.watermarks().containsKey(name)) {
                EventReader.Watermark mark = events.watermarkFor(name);
                next = next.withResource(name, mark.second(), mark.accountedFor(), snapshot);
                if (snapshot) {
                    next = next.withSnapshotPasses(name, planners.get(name).passes());
                }
                added.add(name);
            }
        }
        if (next.equals(stored)) {
            return null;
        }
        boolean following = stored.phase() == Phase.CDC || stored.followingWhileSnapshotting();
        String what = (added.isEmpty() ? "" : "added " + String.join(", ", added)
                       + (snapshot ? " (a snapshot of " + (added.size() == 1 ? "it" : "each")
                                     + (following ? " while the others' changes go on, then its changes since)"
                                             : " with the others', before any change)") : ""))
                      + (added.isEmpty() || removed.isEmpty() ? "" : "; ")
                      + (removed.isEmpty() ? "" : "removed " + String.join(", ", removed) + " (dropped from the position)");
        return new Outcome(next, what);
    }
}
