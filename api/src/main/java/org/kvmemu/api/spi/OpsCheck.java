package org.kvmemu.api.spi;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.kvmemu.api.annotation.API;

/**
 * The load-time check of a hook table, after {@code kvm_ops_update()}: every {@code KVM_X86_OP}
 * (required) hook must have an implementation. A table compiled against an older SPI can lack one
 * even though Java compiled it; all gaps are reported at once.
 */
@API(status = API.Status.STABLE, since = "1")
public final class OpsCheck {

    private OpsCheck() {
    }

    /** Kernel names of the required hooks {@code table} does not implement, sorted. */
    public static List<String> missingRequired(Class<? extends X86Ops> table) {
        List<String> missing = new ArrayList<>();
        for (Method m : hooks()) {
            Hook hook = m.getAnnotation(Hook.class);
            if (hook.tier() == HookTier.REQUIRED && !isConcreteIn(table, m)) {
                missing.add(hook.value());
            }
        }
        return missing;
    }

    /**
     * Throws a {@link PluginException} naming every missing required hook of {@code table}.
     *
     * @param plugin the plugin's name, for the message
     */
    public static void verify(String plugin, Class<? extends X86Ops> table) {
        List<String> missing = missingRequired(table);
        if (!missing.isEmpty()) {
            throw new PluginException("plugin '" + plugin + "' lacks required kvm_x86_ops hooks: "
                    + String.join(", ", missing));
        }
    }

    /** Whether {@code table} provides the hook named {@code kernelName} (overrides an optional one). */
    static boolean implemented(Class<?> table, String kernelName) {
        for (Method m : hooks()) {
            if (m.getAnnotation(Hook.class).value().equals(kernelName)) {
                return isConcreteIn(table, m);
            }
        }
        throw new IllegalArgumentException("no kvm_x86_ops hook named " + kernelName);
    }

    private static List<Method> hooks() {
        return Arrays.stream(X86Ops.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Hook.class))
                .sorted(Comparator.comparing(Method::getName))
                .toList();
    }

    private static boolean isConcreteIn(Class<?> table, Method hook) {
        for (Class<?> c = table; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Method impl = c.getDeclaredMethod(hook.getName(), hook.getParameterTypes());
                return !Modifier.isAbstract(impl.getModifiers());
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        return false;
    }
}
