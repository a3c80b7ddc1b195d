/* SPDX-License-Identifier: MIT */
#ifndef PD_LIB_SPINLOCK_H
#define PD_LIB_SPINLOCK_H

#include <stdint.h>
#include "arch/x86/insn.h"

struct spinlock {
	volatile uint32_t locked;
	volatile uint32_t owner; /* APIC ID of the holder, for the exception path */
};

static inline int spin_trylock(struct spinlock *l)
{
	return __atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE) == 0;
}

static inline void spin_lock(struct spinlock *l)
{
	while (!spin_trylock(l))
		while (READ_ONCE(l->locked))
			cpu_relax();
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
