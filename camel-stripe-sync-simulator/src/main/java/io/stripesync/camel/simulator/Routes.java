package io.stripesync.camel.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stripesync.camel.simulator.ApiSurface.Action;
import io.stripesync.camel.simulator.ApiSurface.ApiObject;

/** Maps a request path to the object and what is asked of it, by the simulator's own knowledge of Stripe's paths. */
final class Routes {

    enum Kind {
        COLLECTION,
        SEARCH,
        ITEM,
        ACTION,
        EVENTS,
        EVENT,
        NESTED
    }

    record Match(Kind kind, ApiObject resource, String id, String account, Action action, String template,
                 NestedCollections.Relation nested) {
        Match(Kind kind, ApiObject resource, String id, String account, Action action, String template) {
            this(kind, resource, id, account, action, template, null);
        }
    }

    private record NestedRoute(NestedCollections.Relation relation, Pattern pattern) {
    }

    private final List<NestedRoute> nested = new ArrayList<>();

    private record Template(Kind kind, ApiObject resource, Action action, String template, Pattern pattern) {
    }

    private final List<Template> templates = new ArrayList<>();

    Routes(ApiSurface surface) {
        for (NestedCollections.Relation r : NestedCollections.RELATIONS) {
            if (r.ownPath() != null) {
                nested.add(new NestedRoute(r, Pattern.compile(Pattern.quote(r.ownPath()).replace("{id}", "\\E(?<id>[^/]+)\\Q"))));
            }
        }
        // Order matters: fixed paths (search) before {id} paths that would also match them.
        for (ApiObject r : surface.objects()) {
            if (r.searchPath() != null) {
                add(Kind.SEARCH, r, null, r.searchPath());
            }
        }
        for (ApiObject r : surface.objects()) {
            add(Kind.COLLECTION, r, null, r.listPath());
        }
        for (ApiObject r : surface.objects()) {
            for (Action a : r.actions().values()) {
                if (!a.path().equals(r.itemPath())) {
                    add(Kind.ACTION, r, a, a.path());
                }
            }
        }
        for (ApiObject r : surface.objects()) {
            if (r.itemPath() != null) {
                add(Kind.ITEM, r, null, r.itemPath());
            }
        }
    }

    private void add(Kind kind, ApiObject resource, Action action, String template) {
        String regex = Pattern.quote(template)
                .replace("{account}", "\\E(?<account>acct_[A-Za-z0-9]+)\\Q")
                .replace("{id}", "\\E(?<id>[^/]+)\\Q");
        templates.add(new Template(kind, resource, action, template, Pattern.compile(regex)));
    }

    Match match(String path) {
        if (path.equals("/v1/events")) {
            return new Match(Kind.EVENTS, null, null, null, null, "/v1/events");
        }
        if (path.startsWith("/v1/events/") && path.indexOf('/', "/v1/events/".length()) < 0) {
            return new Match(Kind.EVENT, null, path.substring("/v1/events/".length()), null, null, "/v1/events/{id}");
        }
        for (NestedRoute n : nested) {
            Matcher m = n.pattern.matcher(path);
            if (m.matches()) {
                return new Match(Kind.NESTED, null, m.group("id"), null, null, n.relation().ownPath(), n.relation());
            }
        }
        for (Template t : templates) {
            Matcher m = t.pattern.matcher(path);
            if (m.matches()) {
                String id = t.template.contains("{id}") ? m.group("id") : null;
                String account = t.template.contains("{account}") ? m.group("account") : null;
                return new Match(t.kind, t.resource, id, account, t.action, t.template);
            }
        }
        return null;
    }
}
