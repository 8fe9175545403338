package org.kvmemu.api.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.kvmemu.api.annotation.API;

/** Marks a method of {@link X86Ops} as a {@code kvm_x86_ops} member: its kernel name and its tier. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@API(status = API.Status.STABLE, since = "1")
public @interface Hook {

    /** The member's name in {@code struct kvm_x86_ops}, e.g. {@code "sync_pir_to_irr"}. */
    String value();

    /** The member's tier in {@code kvm-x86-ops.h}. */
    HookTier tier();
}
