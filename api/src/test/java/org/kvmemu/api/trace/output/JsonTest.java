package org.kvmemu.api.trace.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.ModelTracePoints;
import org.kvmemu.api.trace.TraceRecord;

/** {@code --trace-format json}: one object per record, header first, strings escaped. */
class JsonTest {

    @Test
    void jsonHasHeaderThenFieldsInOrder() {
        TraceRecord r = new TraceRecord(12_500L, 3, "vcpu1", KvmTracePoints.KVM_INJ_EXCEPTION,
                new Object[] {13, true, 0, false});
        assertEquals("{\"time_ns\":12500,\"cpu\":3,\"task\":\"vcpu1\",\"event\":\"kvm_inj_exception\","
                + "\"exception\":13,\"has_error\":true,\"error_code\":0,\"reinjected\":false}", Json.record(r));
    }

    @Test
    void jsonEscapesStrings() {
        TraceRecord r = new TraceRecord(1L, 0, "v\"m\\m", ModelTracePoints.MODEL_VIOLATION,
                new Object[] {"irr\tisr", "a \"b\" c\\d\ne\rf\u0001"});
        assertEquals("{\"time_ns\":1,\"cpu\":0,\"task\":\"v\\\"m\\\\m\",\"event\":\"model_violation\","
                + "\"name\":\"irr\\tisr\",\"detail\":\"a \\\"b\\\" c\\\\d\\ne\\rf\\u0001\"}", Json.record(r));
    }
}
