package org.example.kvmemu.template;

import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.spi.ForwardingX86Ops;
import org.kvmemu.api.spi.X86Ops;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.Tracer;

/**
 * The template's hook table: every hook as the VMX table has it, except {@code inject_nmi}, which
 * first emits {@code template_inject_nmi} (vcpu, nmi_injections before this one). Override more
 * hooks here to try a change of KVM's vendor code.
 */
final class TemplateOps extends ForwardingX86Ops {

    /** The template's own trace event: kvmemu's style, {@code <subsystem>_<what>} with key=value fields. */
    static final TracePoint TEMPLATE_INJECT_NMI = TracePoint.keyValue("template_inject_nmi", "vcpu", "injected");

    TemplateOps(X86Ops vmx) {
        super(vmx);
    }

    @Override
    public void injectNmi(KvmVcpu vcpu) {
        Tracer trace = vcpu.kvm().trace();
        if (trace.on(TEMPLATE_INJECT_NMI)) {
            trace.emit(TEMPLATE_INJECT_NMI, vcpu.task(), vcpu.cpu(), vcpu.id(), vcpu.stat().nmiInjections);
        }
        super.injectNmi(vcpu);
    }
}
