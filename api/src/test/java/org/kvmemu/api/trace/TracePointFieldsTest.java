package org.kvmemu.api.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmemu.api.kvm.Errno;
import org.kvmemu.api.trace.TracePoint.Field;

/**
 * Typed {@code key=value} fields: the value is the number, the text format renders it (hex,
 * errno names, symbols); machine-readable keys stay unique whatever the names, and a shape is
 * checked when it is declared (docs/trace-format.md §1, §4).
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
    }

    /** Each key once in machine-readable output (docs/trace-format.md §4), without refusing any name. */
    @ParameterizedTest
    @ValueSource(strings = {"time_ns", "cpu", "task", "event", "text"})
    void aFieldNamedLikeAnOutputKeyGetsItsPosition(String name) {
        TracePoint point = TracePoint.keyValue("test_output_key_" + name, "vcpu", name);

        assertEquals(List.of("vcpu", name + "_2"), List.of(point.key(0), point.key(1)));
        assertEquals("vcpu=1 " + name + "=x", text(point, 1, "x"), "the text format keeps the name");
    }

    @Test
    void aRepeatedFieldNameGetsItsPosition() {
        TracePoint point = TracePoint.keyValue("test_twice", "vcpu", "vcpu");

        assertEquals(List.of("vcpu", "vcpu_2"), List.of(point.key(0), point.key(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a [b", "a b]", "<x", "{a|b", "[a}", "a]["})
    void aShapeWhoseBracketsDoNotBalanceIsRefused(String shape) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TracePoint.define("test_bad_shape", shape, (o, a) -> { }, "x"));
        assertTrue(e.getMessage().startsWith("test_bad_shape: shape "), e.getMessage());
    }

    @Test
    void aShapeWithEscapedBracketsIsAccepted() {
        TracePoint point = TracePoint.define("test_good_shape", "{a|b} <x>[ \\[y\\]]", (o, a) -> { }, "x");

        assertEquals("{a|b} <x>[ \\[y\\]]", point.shape().orElseThrow());
    }
}
