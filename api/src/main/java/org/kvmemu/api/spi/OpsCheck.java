package org.kvmemu.api.spi;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.kvmemu.api.annotation.API;

/**
 * The check of a hook table, after {@code kvm_ops_update()}: every {@code KVM_X86_OP} (required)
 * hook must have an implementation. A table compiled against an older SPI can lack one even though
 * Java compiled it; all gaps are reported at once. The launcher runs it when it finds a backend,
 * on a table fresh from {@link BackendProvider#create}.
 *
 * <p>An implementation counts wherever Java would find it: in the table's class or a superclass,
 * or as a default method of another interface the table implements. A {@link ForwardingX86Ops}
 * has a hook when its own class overrides it or its delegate has it.
 */
@API(status = API.Status.STABLE, since = "2")
public final class OpsCheck {

    private OpsCheck() {
    }

    /** Kernel names of the required hooks {@code table} lacks, sorted. */
    public static List<String> missingRequired(X86Ops table) {
        List<String> missing = new ArrayList<>();
        for (Method m : hooks()) {
            Hook hook = m.getAnnotation(Hook.class);
            if (hook.tier() == HookTier.REQUIRED && !present(table, m)) {
                missing.add(hook.value());
            }
        }
        return missing;
    }

    /** The kernel names of every hook in {@link X86Ops}, sorted by method name. */
    public static List<String> hookNames() {
        return hooks().stream().map(m -> m.getAnnotation(Hook.class).value()).toList();
    }

    /**
     * Whether {@code table} implements the hook {@code kernelName} itself, below {@code stopAt}
     * (exclusive) in its class chain or in an interface other than {@link X86Ops}: for an optional
     * hook, whether it is present.
     */
    static boolean implemented(Class<?> table, Class<?> stopAt, String kernelName) {
        return implementedBelow(table, stopAt, hook(kernelName));
    }

    private static boolean present(X86Ops table, Method hook) {
        if (table instanceof ForwardingX86Ops forwarding) {
            return implementedBelow(table.getClass(), ForwardingX86Ops.class, hook)
                    || present(forwarding.delegate(), hook);
        }
        return implementedBelow(table.getClass(), Object.class, hook);
    }

    private static Method hook(String kernelName) {
        for (Method m : hooks()) {
            if (m.getAnnotation(Hook.class).value().equals(kernelName)) {
                return m;
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

    /** A class's own method decides (abstract: absent); without one, a default of another interface. */
    private static boolean implementedBelow(Class<?> table, Class<?> stopAt, Method hook) {
        for (Class<?> c = table; c != null && c != stopAt && c != Object.class; c = c.getSuperclass()) {
            Method own = declared(c, hook);
            if (own != null) {
                return !Modifier.isAbstract(own.getModifiers());
            }
        }
        for (Class<?> c = table; c != null && c != stopAt && c != Object.class; c = c.getSuperclass()) {
            if (interfaceDefault(c.getInterfaces(), hook)) {
                return true;
            }
        }
        return false;
    }

    private static boolean interfaceDefault(Class<?>[] interfaces, Method hook) {
        for (Class<?> i : interfaces) {
            if (i == X86Ops.class) {
                continue;
            }
            Method own = declared(i, hook);
            if ((own != null && own.isDefault()) || interfaceDefault(i.getInterfaces(), hook)) {
                return true;
            }
        }
        return false;
    }

    private static Method declared(Class<?> c, Method hook) {
        try {
            return c.getDeclaredMethod(hook.getName(), hook.getParameterTypes());
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
