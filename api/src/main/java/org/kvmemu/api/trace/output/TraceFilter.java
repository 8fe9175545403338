package org.kvmemu.api.trace.output;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.kvmemu.api.annotation.API;

/**
 * A {@code --trace} filter: comma-separated globs ({@code *} any run, {@code ?} one character);
 * a glob with a leading {@code -} excludes. An event passes when the last glob that matches it
 * includes it; with only exclusions, everything else passes. {@code kvm_*,pi_*} keeps two families,
 * {@code *,-guest_*} drops one.
 */
@API(status = API.Status.INTERNAL, since = "1")
public final class TraceFilter {

    /** Every event. */
    public static final TraceFilter ALL = parse("*");

    private final String spec;
    private final List<String> globs;
    private final List<Pattern> patterns;
    private final boolean[] include;
    private final boolean defaultInclude;

    private TraceFilter(String spec, List<String> globs, List<Pattern> patterns, boolean[] include,
                        boolean defaultInclude) {
        this.spec = spec;
        this.globs = globs;
        this.patterns = patterns;
        this.include = include;
        this.defaultInclude = defaultInclude;
    }

    /**
     * Parses a filter.
     *
     * @throws IllegalArgumentException when a glob is empty or has characters an event name cannot have
     */
    public static TraceFilter parse(String spec) {
        List<String> globs = new ArrayList<>();
        List<Pattern> patterns = new ArrayList<>();
        List<Boolean> includes = new ArrayList<>();
        boolean anyInclude = false;
        for (String raw : spec.split(",", -1)) {
            String glob = raw.strip();
            boolean inc = !glob.startsWith("-");
            if (!inc) {
                glob = glob.substring(1);
            }
            if (glob.isEmpty() || !glob.matches("[A-Za-z0-9_*?]+")) {
                throw new IllegalArgumentException("bad trace glob '" + raw.strip()
                        + "': use event names with * and ?, comma-separated, - to exclude");
            }
            anyInclude |= inc;
            globs.add(raw.strip());
            patterns.add(Pattern.compile(glob.replace("?", ".").replace("*", ".*")));
            includes.add(inc);
        }
        boolean[] inc = new boolean[includes.size()];
        for (int i = 0; i < inc.length; i++) {
            inc[i] = includes.get(i);
        }
        return new TraceFilter(spec, List.copyOf(globs), List.copyOf(patterns), inc, !anyInclude);
    }

    /** Whether events named {@code eventName} pass. */
    public boolean accepts(String eventName) {
        boolean result = defaultInclude;
        for (int i = 0; i < include.length; i++) {
            if (patterns.get(i).matcher(eventName).matches()) {
                result = include[i];
            }
        }
        return result;
    }

    /** The globs, as written (an exclusion with its {@code -}), that match none of {@code eventNames}. */
    public List<String> unmatched(Collection<String> eventNames) {
        List<String> unmatched = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            Pattern pattern = patterns.get(i);
            if (eventNames.stream().noneMatch(name -> pattern.matcher(name).matches())) {
                unmatched.add(globs.get(i));
            }
        }
        return unmatched;
    }

    @Override
    public String toString() {
        return spec;
    }
}
