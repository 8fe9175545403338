/**
 * The stability labels of the exported API ({@link org.kvmemu.api.annotation.API}), after JUnit's
 * {@code @API}: how much a type may change between SPI versions, as docs/plugins.md explains.
 */
package org.kvmemu.api.annotation;
