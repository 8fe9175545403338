package org.kvmemu.launcher;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.kvmemu.api.spi.Hook;
import org.kvmemu.api.spi.X86Ops;

/**
 * Sources of small third-party plugins, for {@link PluginJar}. The backends' hook tables are
 * generated from {@link X86Ops} itself, so they follow the SPI as it changes.
 */
final class TestPlugins {

    private TestPlugins() {
    }

    /** A backend in module {@code module}, package {@code module}, called {@code name}, built for this SPI. */
    static PluginJar backend(String module, String name) {
        return backend(module, "return \"" + name + "\";", "return org.kvmemu.api.spi.SpiVersion.CURRENT;", "");
    }

    /**
     * A backend with the given bodies of its {@code name()} and {@code spiVersion()} methods and of its
     * constructor: class {@code MODULE.Backend}, hook table {@code MODULE.Table}, version 1.2.3.
     */
    static PluginJar backend(String module, String nameBody, String spiBody, String constructorBody) {
        return backend(module, nameBody, spiBody, constructorBody, Map.of());
    }

    /** A backend called {@code name} whose table's {@code vmInit(Kvm kvm)} has the body {@code vmInitBody}. */
    static PluginJar backendWithVmInit(String module, String name, String vmInitBody) {
        return backend(module, "return \"" + name + "\";", "return org.kvmemu.api.spi.SpiVersion.CURRENT;", "",
                Map.of("vmInit", vmInitBody));
    }

    /** A backend called {@code name} that refuses every machine with {@code message}, at {@code apicv=}. */
    static PluginJar backendRefusing(String module, String name, String message) {
        return backend(module, "return \"" + name + "\";", "return org.kvmemu.api.spi.SpiVersion.CURRENT;", "",
                Map.of(), "    @Override public java.util.Optional<Refusal> refuse(VmConfig config) {\n"
                        + "        return java.util.Optional.of(new Refusal(\"apicv\", \"" + message + "\"));\n    }\n");
    }

    private static PluginJar backend(String module, String nameBody, String spiBody, String constructorBody,
                                     Map<String, String> bodies) {
        return backend(module, nameBody, spiBody, constructorBody, bodies, "");
    }

    /**
     * A backend called {@code name} whose module also requires each of {@code requires} (put the
     * jars on the compile-time module path with {@link PluginJar#compiledWith}).
     */
    static PluginJar backendRequiring(String module, String name, String... requires) {
        return backend(module, "return \"" + name + "\";", "return org.kvmemu.api.spi.SpiVersion.CURRENT;", "",
                Map.of(), "", "return new Table();", requires);
    }

    /** A backend called {@code name} whose {@code create()} has the body {@code createBody}. */
    static PluginJar backendCreating(String module, String name, String createBody) {
        return backend(module, "return \"" + name + "\";", "return org.kvmemu.api.spi.SpiVersion.CURRENT;", "",
                Map.of(), "", createBody);
    }

    private static PluginJar backend(String module, String nameBody, String spiBody, String constructorBody,
                                     Map<String, String> bodies, String members) {
        return backend(module, nameBody, spiBody, constructorBody, bodies, members, "return new Table();");
    }

    private static PluginJar backend(String module, String nameBody, String spiBody, String constructorBody,
                                     Map<String, String> bodies, String members, String createBody,
                                     String... requires) {
        return PluginJar.module(module).version("1.2.3")
                .source("module-info", "module " + module + " {\n"
                        + "    requires org.kvmemu.api;\n"
                        + Arrays.stream(requires).map(r -> "    requires " + r + ";\n").collect(Collectors.joining())
                        + "    uses org.kvmemu.api.spi.BackendProvider;\n"
                        + "    provides org.kvmemu.api.spi.BackendProvider with " + module + ".Backend;\n"
                        + "}\n")
                .source(module + ".Backend", "package " + module + ";\n"
                        + "import java.util.Set;\n"
                        + "import org.kvmemu.api.spi.*;\n"
                        + "public final class Backend implements BackendProvider {\n"
                        + "    public Backend() { " + constructorBody + " }\n"
                        + "    @Override public String name() { " + nameBody + " }\n"
                        + "    @Override public int spiVersion() { " + spiBody + " }\n"
                        + "    @Override public String description() { return \"A test backend.\"; }\n"
                        + "    @Override public Set<VmType> vmTypes() { return Set.of(VmType.DEFAULT); }\n"
                        + "    @Override public X86Ops create() { " + createBody + " }\n"
                        + members
                        + "}\n")
                .source(module + ".Table", table(module, Set.of(), true, bodies));
    }

    /**
     * A backend whose hook table lacks the required hooks {@code missing}: the table is compiled
     * against a stand-in {@code X86Ops} with no methods, as a table built for an older SPI would be.
     */
    static PluginJar backendLacking(String module, String name, Set<String> missing) {
        return backend(module, name).overlay(Map.of(
                "org.kvmemu.api.spi.X86Ops", "package org.kvmemu.api.spi;\npublic interface X86Ops {\n}\n",
                module + ".Table", table(module, missing, false, Map.of())));
    }

    /**
     * A backend whose table gets {@code nmi_allowed} from a default method of an interface of its
     * own ({@code MODULE.Defaults extends X86Ops}) rather than from its class.
     */
    static PluginJar backendWithAHookFromAnInterfaceDefault(String module, String name) {
        return backend(module, name)
                .source(module + ".Defaults", "package " + module + ";\n"
                        + "public interface Defaults extends org.kvmemu.api.spi.X86Ops {\n"
                        + "    @Override default int nmiAllowed(org.kvmemu.api.kvm.KvmVcpu v, boolean f) { return 1; }\n"
                        + "}\n")
                .source(module + ".Table", table(module, Set.of("nmi_allowed"), true, Map.of())
                        .replace("implements org.kvmemu.api.spi.X86Ops", "implements Defaults"));
    }

    /** A guest driver in module {@code module} called {@code name}, unversioned. */
    static PluginJar guestDriver(String module, String name) {
        return PluginJar.module(module)
                .source("module-info", "module " + module + " {\n"
                        + "    requires org.kvmemu.api;\n"
                        + "    provides org.kvmemu.api.spi.GuestDriverProvider with " + module + ".Driver;\n"
                        + "}\n")
                .source(module + ".Driver", "package " + module + ";\n"
                        + "import java.util.Map;\n"
                        + "import java.util.Set;\n"
                        + "import org.kvmemu.api.guest.GuestDriver;\n"
                        + "import org.kvmemu.api.spi.*;\n"
                        + "public final class Driver implements GuestDriverProvider {\n"
                        + "    @Override public String name() { return \"" + name + "\"; }\n"
                        + "    @Override public int spiVersion() { return SpiVersion.CURRENT; }\n"
                        + "    @Override public Set<String> keys() { return Set.of(\"mode\"); }\n"
                        + "    @Override public GuestDriver create(Map<String, String> args) {\n"
                        + "        return new GuestDriver() { };\n"
                        + "    }\n"
                        + "}\n");
    }

    /** A module {@code module} with one class in package {@code pkg}, providing nothing. */
    static PluginJar library(String module, String pkg, String moduleBody) {
        return PluginJar.module(module)
                .source("module-info", "module " + module + " {\n" + moduleBody + "}\n")
                .source(pkg + ".Thing", "package " + pkg + ";\npublic final class Thing {\n}\n");
    }

    /**
     * A hook table implementing every abstract method of {@link X86Ops} except the hooks named in
     * {@code skipped} (kernel names), each returning 0, false or null unless {@code bodies} gives the
     * method (by Java name) a body of its own.
     *
     * @param overrides whether to mark the methods {@code @Override} (not when compiled against a stand-in)
     */
    private static String table(String pkg, Set<String> skipped, boolean overrides, Map<String, String> bodies) {
        String methods = Arrays.stream(X86Ops.class.getMethods())
                .filter(m -> Modifier.isAbstract(m.getModifiers()))
                .filter(m -> m.getAnnotation(Hook.class) == null || !skipped.contains(m.getAnnotation(Hook.class).value()))
                .sorted(Comparator.comparing(Method::getName))
                .map(m -> method(m, overrides, bodies.get(m.getName())))
                .collect(Collectors.joining());
        return "package " + pkg + ";\n"
                + "public final class Table implements org.kvmemu.api.spi.X86Ops {\n" + methods + "}\n";
    }

    private static String method(Method m, boolean override, String given) {
        StringBuilder params = new StringBuilder();
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            params.append(i == 0 ? "" : ", ").append(types[i].getCanonicalName()).append(" a").append(i);
        }
        Class<?> result = m.getReturnType();
        String body = given != null ? given
                : result == void.class ? ""
                : result == boolean.class ? "return false;"
                : result.isPrimitive() ? "return (" + result.getName() + ") 0;"
                : "return null;";
        return "    " + (override ? "@Override " : "") + "public " + result.getCanonicalName() + " " + m.getName()
                + "(" + params + ") { " + body + " }\n";
    }
}
