package io.vigil.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules of a robots.txt (RFC 9309) for one user agent: the group naming the agent, else the
 * {@code *} group; the longest matching rule wins and Allow wins a tie; {@code *} and {@code $} are
 * understood.
 */
public final class RobotsRules {

    private static final RobotsRules ALLOW_ALL = new RobotsRules(List.of());

    private record Rule(boolean allow, String path, Pattern pattern) {
    }

    private final List<Rule> rules;

    private RobotsRules(List<Rule> rules) {
        this.rules = rules;
    }

    public static RobotsRules allowAll() {
        return ALLOW_ALL;
    }

    public static RobotsRules parse(String robotsTxt, String agentToken) {
        String agent = agentToken.toLowerCase(Locale.ROOT);
        List<Rule> forAgent = new ArrayList<>();
        List<Rule> forAny = new ArrayList<>();
        boolean agentMatched = false;
        List<String> groupAgents = new ArrayList<>();
        boolean inRules = false;
        for (String rawLine : robotsTxt.split("\\R")) {
            String line = rawLine.replaceFirst("#.*", "").strip();
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String field = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (field.equals("user-agent")) {
                if (inRules) {
                    groupAgents.clear();
                    inRules = false;
                }
                groupAgents.add(value.toLowerCase(Locale.ROOT));
            } else if (field.equals("allow") || field.equals("disallow")) {
                inRules = true;
                if (value.isEmpty()) {
                    continue;
                }
                Rule rule = new Rule(field.equals("allow"), value, toPattern(value));
                if (groupAgents.stream().anyMatch(name -> !name.equals("*") && agent.contains(name))) {
                    forAgent.add(rule);
                    agentMatched = true;
                } else if (groupAgents.contains("*")) {
                    forAny.add(rule);
                }
            }
        }
        return new RobotsRules(agentMatched ? forAgent : forAny);
    }

    /** Whether the path (with its query) may be fetched. */
    public boolean allows(String pathAndQuery) {
        String path = pathAndQuery.isEmpty() ? "/" : pathAndQuery;
        Rule best = null;
        for (Rule rule : rules) {
            if (rule.pattern().matcher(path).lookingAt()
                    && (best == null || rule.path().length() > best.path().length()
                            || (rule.path().length() == best.path().length() && rule.allow()))) {
                best = rule;
            }
        }
        return best == null || best.allow();
    }

    private static Pattern toPattern(String path) {
        boolean anchored = path.endsWith("$");
        String body = anchored ? path.substring(0, path.length() - 1) : path;
        StringBuilder regex = new StringBuilder();
        for (String part : body.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(anchored ? regex + "$" : regex.toString());
    }
}
