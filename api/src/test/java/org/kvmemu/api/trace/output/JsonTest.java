package org.kvmemu.api.trace.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kvmemu.api.kvm.Errno;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.ModelTracePoints;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.TracePoint.Field;
import org.kvmemu.api.trace.TraceRecord;

/**
 * {@code --trace-format json}: one object per record, header first, each key once, strings
 * escaped, C unsigned fields unsigned, typed fields numbers.
 */
class JsonTest {

    @Test
    void jsonHasHeaderThenFieldsInOrder() {
        TraceRecord r = new TraceRecord(12_500L, 3, "vcpu1", KvmTracePoints.KVM_INJ_EXCEPTION,
                new Object[] {13, true, 0, false});
        assertEquals("{\"time_ns\":12500,\"cpu\":3,\"task\":\"vcpu1\",\"event\":\"kvm_inj_exception\","
                + "\"exception\":13,\"has_error\":true,\"error_code\":0,\"reinjected\":false}", Json.record(r));
    }

    @Test
    void unsignedKernelFieldsPrintUnsignedAndSignedOnesKeepTheirSign() {
        // trace-format.md §4: intr_info is a u32 (0x80000030), requests a u64; delta is an s64
        TraceRecord entry = new TraceRecord(0L, 0, "vcpu0", KvmTracePoints.KVM_ENTRY,
                new Object[] {0, 0L, false, 0x80000030, 0});
        TraceRecord exit = new TraceRecord(0L, 0, "vcpu0", KvmTracePoints.KVM_EXIT,
                new Object[] {12, 0L, 1, 0L, 0L, 0, 0, 0, 0x8000000000000000L});
        TraceRecord wait = new TraceRecord(0L, 0, "vcpu0", KvmTracePoints.KVM_WAIT_LAPIC_EXPIRE,
                new Object[] {0, -1820L});
        assertTrue(Json.record(entry).contains("\"intr_info\":2147483696,"), Json.record(entry));
        assertTrue(Json.record(exit).endsWith("\"requests\":9223372036854775808}"), Json.record(exit));
        assertTrue(Json.record(wait).endsWith("\"delta\":-1820}"), Json.record(wait));
    }

    @Test
    void jsonEscapesStrings() {
        TraceRecord r = new TraceRecord(1L, 0, "v\"m\\m", ModelTracePoints.MODEL_VIOLATION,
                new Object[] {"irr\tisr", "a \"b\" c\\d\ne\rf\u0001"});
        assertEquals("{\"time_ns\":1,\"cpu\":0,\"task\":\"v\\\"m\\\\m\",\"event\":\"model_violation\","
                + "\"name\":\"irr\\tisr\",\"detail\":\"a \\\"b\\\" c\\\\d\\ne\\rf\\u0001\"}", Json.record(r));
    }

    @Test
    void aCpuFieldIsWrittenOnceAsTheEnvelopes() {
        TraceRecord r = new TraceRecord(7425L, 1, "host", ModelTracePoints.HOST_IRQ,
                new Object[] {1, 0xec, "vmx_handle_external_intr"});
        assertEquals("{\"time_ns\":7425,\"cpu\":1,\"task\":\"host\",\"event\":\"host_irq\","
                + "\"vector\":236,\"handler\":\"vmx_handle_external_intr\"}", Json.record(r));
        assertEquals("host [001] 0.000007425: host_irq: cpu=1 vector=0xec handler=vmx_handle_external_intr", r.text());
    }

    /** A plugin's field cpu that names another CPU keeps its value, under a key of its own (§4). */
    @Test
    void aCpuFieldThatNamesAnotherCpuGetsItsPosition() {
        TracePoint point = TracePoint.keyValue("test_json_target_cpu", "vcpu", "cpu");
        TraceRecord r = new TraceRecord(0L, 1, "vcpu0", point, new Object[] {0, 3});

        assertEquals("{\"time_ns\":0,\"cpu\":1,\"task\":\"vcpu0\",\"event\":\"test_json_target_cpu\","
                + "\"vcpu\":0,\"cpu_2\":3}", Json.record(r));
    }

    @Test
    void typedFieldsAreNumbersHexAndSymbolsUnsignedErrnosSigned() {
        TracePoint point = TracePoint.keyValue("test_json_typed", Field.of("vcpu"), Field.hex("gpa"),
                Field.errno("result"), Field.symbolic("ret", v -> "SUCCESS"));
        TraceRecord r = new TraceRecord(0L, 0, "vmm", point,
                new Object[] {0, 0xfffffffffffff000L, -Errno.EIO, 0x8000000000000000L});
        assertEquals("{\"time_ns\":0,\"cpu\":0,\"task\":\"vmm\",\"event\":\"test_json_typed\",\"vcpu\":0,"
                + "\"gpa\":18446744073709547520,\"result\":-5,\"ret\":9223372036854775808}", Json.record(r));
        assertEquals("vmm [000] 0.000000000: test_json_typed: vcpu=0 gpa=0xfffffffffffff000 result=-EIO ret=SUCCESS",
                r.text());
    }
}
