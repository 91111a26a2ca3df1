/*
 * SPDX-License-Identifier: GPL-2.0
 *
 * An SSDT with the ACPI layout of Hyper-V's firmware, for VMs that test
 * vmbus.ko's ACPI binding (the scenario header "# acpi: vmbus"): a module
 * device VMOD (ACPI0004) whose _CRS holds the MMIO the host leaves for
 * devices, one range above 4 GiB and one below, and inside it the VMBus
 * device, hardware ID "VMBUS", without resources of its own, so that the
 * driver must take the ranges from its ancestor. The addresses are the
 * simulated host's choice, away from QEMU's RAM and PCI holes.
 * (iasl -vw 6033: a 5-character _HID, as Hyper-V's firmware has, is an
 * error to iasl.)
 */
DefinitionBlock ("", "SSDT", 2, "HVL", "VMBUS", 1)
{
    Scope (\_SB)
    {
        Device (VMOD)
        {
            Name (_HID, "ACPI0004")
            Name (_UID, Zero)
            Name (_CRS, ResourceTemplate ()
            {
                QWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, NonCacheable, ReadWrite,
                    0x0, 0x3000000000, 0x300FFFFFFF, 0x0, 0x10000000, , , )
                DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, NonCacheable, ReadWrite,
                    0x0, 0xF0000000, 0xF07FFFFF, 0x0, 0x00800000, , , )
            })
            Device (VMBS)
            {
                Name (_HID, "VMBUS")
                Name (_UID, Zero)
                Name (_STA, 0x0F)
            }
        }
    }
}
