/**
 * The plugin SPI: the vendor hook table {@link org.kvmemu.api.spi.X86Ops} (after
 * {@code struct kvm_x86_ops} and {@code kvm-x86-ops.h}), the providers a plugin registers through
 * {@link java.util.ServiceLoader} (backends, guest drivers, userspace exit handlers), the SPI
 * version a plugin is built for, and how a backend refuses what it cannot model.
 */
package org.kvmemu.api.spi;
