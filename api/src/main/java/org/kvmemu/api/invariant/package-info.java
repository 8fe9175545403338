/**
 * Where hardware models and vendor code report a broken model invariant, which a scenario sees as
 * {@code expect violation NAME} and the trace as {@code model_violation}.
 */
package org.kvmemu.api.invariant;
