package org.kvmemu.api.spi;

import org.kvmemu.api.annotation.API;

/**
 * The three kinds of hook in {@code kvm-x86-ops.h}: {@code KVM_X86_OP} (a backend must provide it),
 * {@code KVM_X86_OP_OPTIONAL} (may be absent; callers check) and {@code KVM_X86_OP_OPTIONAL_RET0}
 * (absent means "returns 0").
 */
@API(status = API.Status.STABLE, since = "1")
public enum HookTier {
    /** {@code KVM_X86_OP}: abstract in {@link X86Ops}; checked when a backend is loaded. */
    REQUIRED,
    /** {@code KVM_X86_OP_OPTIONAL}: the default method means the hook is absent. */
    OPTIONAL,
    /** {@code KVM_X86_OP_OPTIONAL_RET0}: the default method returns 0 / false. */
    OPTIONAL_RET0
}
