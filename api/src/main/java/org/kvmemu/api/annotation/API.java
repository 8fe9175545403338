package org.kvmemu.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stability label of an exported kvmemu type, after JUnit's {@code @API}: tells a plugin author how
 * much the type may change between SPI versions.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
@API(status = API.Status.STABLE, since = "1")
public @interface API {

    /** How stable the labelled element is. */
    Status status();

    /** The SPI version that introduced the element. */
    String since() default "";

    /** Stability levels, from most to least dependable. */
    enum Status {
        /** Will not change incompatibly within a major SPI version. */
        STABLE,
        /** Kept compatible for at least the next minor SPI version. */
        MAINTAINED,
        /** New; may change in any version. */
        EXPERIMENTAL,
        /** For kvmemu's own modules; plugins must not rely on it. */
        INTERNAL
    }
}
