/** The VMX backend (being written). */
package org.kvmemu.vmx;
