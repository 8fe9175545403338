package org.kvmemu.api.kvm;

import org.kvmemu.api.annotation.API;

/** Linux errno values used by the ioctls and hooks (behaviour.md §G); functions return them negated. */
@API(status = API.Status.STABLE, since = "1")
public final class Errno {
    /** I/O error: KVM_RUN on a dead or bugged VM. */
    public static final int EIO = 5;
    /** No such device or address: KVM_INTERRUPT with an in-kernel PIC. */
    public static final int ENXIO = 6;
    /** Argument list too long. */
    public static final int E2BIG = 7;
    /** Try again. */
    public static final int EAGAIN = 11;
    /** Out of memory. */
    public static final int ENOMEM = 12;
    /** Bad address. */
    public static final int EFAULT = 14;
    /** Busy: an event cannot be injected before an exit. */
    public static final int EBUSY = 16;
    /** Exists: KVM_INTERRUPT while an ExtINT vector is pending. */
    public static final int EEXIST = 17;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** Inappropriate ioctl: KVM_SMI without SMM. */
    public static final int ENOTTY = 25;
    /** Operation not supported. */
    public static final int EOPNOTSUPP = 95;
    /** Interrupted system call. */
    public static final int EINTR = 4;
    /** File too large. */
    public static final int EFBIG = 27;
    /** Connection timed out. */
    public static final int ETIMEDOUT = 110;

    private Errno() {
    }

    /** {@code 0}, or the symbolic form of a negative errno such as {@code -ENOTTY}. */
    public static String name(int result) {
        return switch (result) {
            case -EIO -> "-EIO";
            case -ENXIO -> "-ENXIO";
            case -E2BIG -> "-E2BIG";
            case -EAGAIN -> "-EAGAIN";
            case -ENOMEM -> "-ENOMEM";
            case -EFAULT -> "-EFAULT";
            case -EBUSY -> "-EBUSY";
            case -EEXIST -> "-EEXIST";
            case -EINVAL -> "-EINVAL";
            case -ENOTTY -> "-ENOTTY";
            case -EOPNOTSUPP -> "-EOPNOTSUPP";
            case -EINTR -> "-EINTR";
            case -EFBIG -> "-EFBIG";
            case -ETIMEDOUT -> "-ETIMEDOUT";
            default -> Integer.toString(result);
        };
    }

    /** The value of a result as written in a scenario ({@code 0}, {@code -ENOTTY}, {@code -22}), or empty. */
    public static java.util.OptionalInt parse(String text) {
        for (int e : new int[] {EIO, ENXIO, E2BIG, EAGAIN, ENOMEM, EFAULT, EBUSY, EEXIST, EINVAL, ENOTTY, EOPNOTSUPP, EINTR, EFBIG,
            ETIMEDOUT}) {
            if (name(-e).equals(text)) {
                return java.util.OptionalInt.of(-e);
            }
        }
        try {
            return java.util.OptionalInt.of(Integer.parseInt(text));
        } catch (NumberFormatException notANumber) {
            return java.util.OptionalInt.empty();
        }
    }
}
