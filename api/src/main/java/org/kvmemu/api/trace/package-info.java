/**
 * The trace: the kernel's trace points ({@code trace/events/kvm.h}, {@code arch/x86/kvm/trace.h})
 * and the model's own, their text formats, and the tracer that hands each record to the sinks that
 * want it, allocation-free when no sink listens. docs/trace-format.md describes every event.
 */
package org.kvmemu.api.trace;
