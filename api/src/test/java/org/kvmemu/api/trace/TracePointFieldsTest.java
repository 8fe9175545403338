package org.kvmemu.api.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmemu.api.kvm.Errno;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.trace.TracePoint.Field;

/**
 * Typed {@code key=value} fields: the value is the number, the text format renders it (hex,
 * errno names, symbols); names of the JSON envelope are reserved, and a field {@code cpu} is the
 * line's own CPU (docs/trace-format.md §4).
 */
class TracePointFieldsTest {

    private static final TracePoint TYPED = TracePoint.keyValue("test_typed_fields", Field.of("vcpu"),
            Field.hex("status"), Field.hex("vector"), Field.errno("result"),
            Field.symbolic("ret", v -> v == 0 ? "OK" : "0x" + Long.toHexString(v)));

    private static String text(TracePoint point, Object... args) {
        StringBuilder sb = new StringBuilder();
        point.format(sb, args);
        return sb.toString();
    }

    @Test
    void theTextFormatRendersTypedValuesAsBefore() {
        assertEquals("vcpu=1 status=0x4000000200000000 vector=0xec result=-EIO ret=OK",
                text(TYPED, 1, 0x4000000200000000L, 0xec, -Errno.EIO, 0L));
        assertEquals("vcpu=0 status=0x0 vector=0xffffffff result=0 ret=0x8000000000000000",
                text(TYPED, 0, 0L, -1, 0, 0x8000000000000000L));
        assertEquals("vcpu=0 status=0xfffffffffffff000 vector=0x0 result=-1000 ret=OK",
                text(TYPED, 0, 0xfffffffffffff000L, 0, -1000, 0L));
    }

    @Test
    void hexAndSymbolicFieldsAreUnsignedErrnoAndPlainOnesSigned() {
        assertEquals(List.of(false, true, true, false, true),
                List.of(TYPED.isUnsigned(0), TYPED.isUnsigned(1), TYPED.isUnsigned(2), TYPED.isUnsigned(3),
                        TYPED.isUnsigned(4)));
        assertEquals(-1, TYPED.cpuField());
    }

    @ParameterizedTest
    @ValueSource(strings = {"time_ns", "task", "event", "text"})
    void envelopeNamesAreNoFieldNames(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TracePoint.keyValue("test_reserved_" + name, "vcpu", name));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }

    @Test
    void aFieldNameAppearsOnce() {
        assertThrows(IllegalArgumentException.class, () -> TracePoint.keyValue("test_twice", "vcpu", "vcpu"));
    }

    @Test
    void aCpuFieldMustBeTheLinesOwnCpu() {
        List<TraceRecord> seen = new ArrayList<>();
        Tracer t = new Tracer(new Simulator(1), List.of(new TraceSink() {
            @Override
            public boolean wants(TracePoint point) {
                return true;
            }

            @Override
            public void accept(TraceRecord record) {
                seen.add(record);
            }
        }));
        assertEquals(0, ModelTracePoints.HOST_IRQ.cpuField());
        t.emit(ModelTracePoints.HOST_IRQ, "host", 2, 2, 0xec, "h");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.emit(ModelTracePoints.HOST_IRQ, "host", 2, 1, 0xec, "h"));
        assertTrue(e.getMessage().contains("host_irq"), e.getMessage());
        assertEquals(1, seen.size());
    }
}
