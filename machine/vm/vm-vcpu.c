/* machine/vm/vm-vcpu.c: the vCPU threads of the worker and the glue
 * between the engine (engine/, system mode) and the machine (machine/):
 * each vCPU runs on its own host thread; "sc 1" exits become
 * spapr_hcall_dispatch() calls; the machine's callbacks (struct
 * spapr_machine_ops) become engine calls or requests a vCPU thread applies
 * itself before it runs guest code again (LPCR, process table, start-cpu).
 * Pause, resume and system reset park every thread first.
 *
 * Threading: the partition-wide hypervisor state (vm->lpcr_*, pate1, the
 * HPT) and each vCPU's requests live under vm->lock; a vCPU thread applies
 * them at the top of its loop, so the engine state of a vCPU is only ever
 * touched by its own thread (or by the main thread while it is parked). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "boot.h"
#include "cpu.h"
#include "devices.h"
#include "exec.h"
#include "firmware-blobs.h"
#include "interrupt.h"
#include "partition.h"
#include "vof.h"
#include "vm.h"

/* Instructions between looks at requests when nothing else stops a vCPU. */
#define VM_RUN_BUDGET (64u << 20)
/* Complaints about one vCPU's unhandled exits before going quiet. */
#define VM_MAX_COMPLAINTS 20

/* LPCR bits the hypervisor owns and H_SET_MODE changes. */
#define VM_LPCR_HV_BITS (PPC_LPCR_ILE | PPC_LPCR_AIL | PPC_LPCR_LD)

void vm_wake_main(struct pseries_vm *vm)
{
    uint64_t one = 1;
    if (write(vm->wake_fd, &one, sizeof(one)) < 0) {
        /* The counter is saturated or the fd is gone: the main loop is
         * awake anyway. */
    }
}

static int dummy_translate(void *o, struct ppc_cpu *c, uint64_t ea, enum ppc_access a,
                           struct ppc_xlate *x)
{
    (void)o; (void)c; (void)ea; (void)a; (void)x;
    return -EFAULT;
}
static const struct ppc_env_ops vm_boot_env = { .translate = dummy_translate };

/* The real-mode limit of a hash guest: the first memory block (QEMU's
 * spapr_rma_size: node 0's RAM, at most 16 GiB). */
static uint64_t rma_size(uint64_t ram)
{
    uint64_t r = 1;
    while (r * 2 <= ram)
        r *= 2;
    return r > (16ull << 30) ? 16ull << 30 : r;
}

/* A vCPU in its reset state (real mode, big-endian, PC 0). */
static int vcpu_new(struct pseries_vm *vm, unsigned index, struct ppc_cpu **out)
{
    struct ppc_cpu *cpu = ppc_cpu_new((enum ppc_model)vm->engine_model, false, &vm_boot_env,
                                      NULL);
    if (!cpu)
        return -ENOMEM;
    struct ppc_sys_config sc = {
        .ram = guest_ram_host_base(&vm->m->ram),
        .ram_size = vm->m->ram.size,
        .rma_size = rma_size(vm->m->ram.size),
        .pir = index,
    };
    int r = ppc_sys_enable(cpu, &sc, false);
    if (r == 0)
        r = ppc_partition_add_cpu(vm->part, cpu);
    if (r < 0) {
        ppc_cpu_free(cpu);
        return r;
    }
    *out = cpu;
    return 0;
}

int vm_vcpus_create(struct pseries_vm *vm)
{
    struct ppc_partition_config pc = {
        .ram = guest_ram_host_base(&vm->m->ram),
        .ram_size = vm->m->ram.size,
        .threads_per_core = vm->m->cfg.threads_per_core,
    };
    vm->part = ppc_partition_new(&pc);
    if (!vm->part)
        return -ENOMEM;
    vm->nr_vcpus = vm->m->cfg.nr_vcpus;
    vm->vcpus = calloc(vm->nr_vcpus, sizeof(*vm->vcpus));
    if (!vm->vcpus)
        return -ENOMEM;
    for (unsigned i = 0; i < vm->nr_vcpus; i++) {
        struct vm_vcpu *v = &vm->vcpus[i];
        v->vm = vm;
        v->index = i;
        int r = vcpu_new(vm, i, &v->cpu);
        if (r < 0)
            return r;
    }
    return 0;
}

/* Apply the partition-wide state and this vCPU's requests (vm->lock held,
 * on the vCPU's own thread or while it is parked). */
static void vcpu_apply(struct vm_vcpu *v)
{
    struct pseries_vm *vm = v->vm;
    struct ppc_cpu *cpu = v->cpu;
    if (v->cfg_seen != vm->cfg_gen) {
        ppc_sys_set_lpcr(cpu, VM_LPCR_HV_BITS, vm->lpcr_value & VM_LPCR_HV_BITS);
        if (cpu->sys->radix != ((vm->pate1 & PPC_PATE1_GR) != 0) ||
            cpu->sys->prtb != (vm->pate1 & PPC_PATE1_PRTB))
            ppc_sys_set_process_table(cpu, vm->pate1);
        if (cpu->sys->htab.base != vm->htab_base || cpu->sys->htab.size != vm->htab_size)
            ppc_sys_set_htab(cpu, vm->htab_base, vm->htab_size);
        v->cfg_seen = vm->cfg_gen;
    }
    if (v->start_pending) {
        /* RTAS start-cpu (LoPAR 7.3.14.x): real mode, 64-bit, big-endian,
         * PC = entry, r3 = the argument; other registers undefined. */
        v->start_pending = false;
        ppc_sys_set_msr(cpu, PPC_MSR_SF | PPC_MSR_ME);
        cpu->pc = v->start_entry;
        cpu->gpr[3] = v->start_r3;
        v->running = true;
    }
    if (v->stop_pending) {
        v->stop_pending = false;
        v->running = false;
    }
}

/* Park until this vCPU may run; false when the thread must end. */
static bool vcpu_wait_runnable(struct vm_vcpu *v)
{
    struct pseries_vm *vm = v->vm;
    pthread_mutex_lock(&vm->lock);
    for (;;) {
        vcpu_apply(v);
        if (vm->mode == VM_QUIT) {
            v->parked = true;
            pthread_cond_broadcast(&vm->cond);
            pthread_mutex_unlock(&vm->lock);
            return false;
        }
        if (vm->mode == VM_RUN && v->running)
            break;
        if (!v->parked) {
            v->parked = true;
            pthread_cond_broadcast(&vm->cond);
        }
        pthread_cond_wait(&vm->cond, &vm->lock);
    }
    v->parked = false;
    pthread_mutex_unlock(&vm->lock);
    return true;
}

static void complain(struct vm_vcpu *v, const char *what)
{
    struct ppc_cpu *cpu = v->cpu;
    if (v->complaints >= VM_MAX_COMPLAINTS)
        return;
    v->complaints++;
    spapr_machine_log(v->vm->m,
                      _("vCPU %u: %s at pc %#" PRIx64 " (instruction %08x, address %#" PRIx64
                        ")%s"),
                      v->index, what, cpu->exit_pc, cpu->exit_insn, cpu->fault.ea,
                      v->complaints == VM_MAX_COMPLAINTS ? _("; further ones not shown") : "");
}

static void vcpu_hcall(struct vm_vcpu *v)
{
    struct ppc_cpu *cpu = v->cpu;
    struct spapr_hcall_args a = { .opcode = cpu->gpr[3] };
    struct spapr_hcall_ret r;
    for (unsigned i = 0; i < SPAPR_HCALL_NARGS; i++)
        a.args[i] = cpu->gpr[4 + i];
    spapr_hcall_dispatch(v->vm->m, v->index, &a, &r);
    cpu->gpr[3] = (uint64_t)r.status;
    if (r.status != 0 && v->vm->trace_hcalls)
        fprintf(stderr, "pseries-vm: vCPU %u: hcall %#" PRIx64 " (%#" PRIx64 ", %#" PRIx64
                ", %#" PRIx64 ", %#" PRIx64 ") -> %ld\n", v->index, a.opcode, a.args[0],
                a.args[1], a.args[2], a.args[3], r.status);
    for (unsigned i = 0; i < SPAPR_HCALL_NARGS; i++)
        cpu->gpr[4 + i] = r.ret[i];
}

/* One exit of ppc_run that the engine did not turn into a guest
 * interrupt. Returns false if the vCPU cannot go on. */
static bool vcpu_exit(struct vm_vcpu *v, int why)
{
    struct ppc_cpu *cpu = v->cpu;
    switch (why) {
    case PPC_EXIT_HCALL:
        vcpu_hcall(v);
        return true;
    case PPC_EXIT_BUDGET:
    case PPC_EXIT_HALT:
        return true;
    case PPC_EXIT_UNIMPL:
        /* Decoded, but the engine has no semantics for it: the guest sees
         * an illegal instruction (as on a CPU without the facility). */
        complain(v, _("instruction not implemented by the engine"));
        ppc_sys_deliver(cpu, cpu->exit_pc, PPC_VEC_PROGRAM, PPC_SRR1_PROG_ILL);
        return true;
    case PPC_EXIT_DATA_FAULT:
    case PPC_EXIT_INSN_FAULT:
        /* Outside RAM and no device there: a machine check, as an access
         * to nothing on the real machine. */
        complain(v, why == PPC_EXIT_DATA_FAULT ? _("data access outside guest memory")
                                               : _("instruction fetch outside guest memory"));
        ppc_sys_deliver(cpu, cpu->exit_pc, PPC_VEC_MCHECK, 0);
        return true;
    default:
        complain(v, ppc_exit_name(why));
        ppc_sys_deliver(cpu, cpu->exit_pc, PPC_VEC_PROGRAM, PPC_SRR1_PROG_ILL);
        return true;
    }
}

static void *vcpu_thread(void *arg)
{
    struct vm_vcpu *v = arg;
    struct pseries_vm *vm = v->vm;
    while (vcpu_wait_runnable(v)) {
        int why = ppc_run(v->cpu, VM_RUN_BUDGET);
        if (!vcpu_exit(v, why)) {
            pthread_mutex_lock(&vm->lock);
            vm->internal_error = true;
            pthread_mutex_unlock(&vm->lock);
            vm_wake_main(vm);
        }
        if (spapr_machine_exit_requested(vm->m) != SPAPR_EXIT_NONE)
            vm_wake_main(vm);
    }
    return NULL;
}

int vm_vcpus_start_threads(struct pseries_vm *vm)
{
    for (unsigned i = 0; i < vm->nr_vcpus; i++) {
        struct vm_vcpu *v = &vm->vcpus[i];
        int r = pthread_create(&v->thread, NULL, vcpu_thread, v);
        if (r != 0)
            return -r;
        v->thread_started = true;
    }
    return 0;
}

/* Make every running vCPU leave ppc_run / H_CEDE soon (lock held). */
static void kick_all(struct pseries_vm *vm)
{
    for (unsigned i = 0; i < vm->nr_vcpus; i++) {
        struct ppc_cpu *cpu = vm->vcpus[i].cpu;
        cpu->stop = 1;
        ppc_sys_kick(cpu);
    }
    pthread_cond_broadcast(&vm->cond);
}

static bool all_parked(struct pseries_vm *vm)
{
    for (unsigned i = 0; i < vm->nr_vcpus; i++)
        if (vm->vcpus[i].thread_started && !vm->vcpus[i].parked)
            return false;
    return true;
}

void vm_pause(struct pseries_vm *vm)
{
    pthread_mutex_lock(&vm->lock);
    if (vm->mode == VM_RUN)
        vm->mode = VM_PAUSE;
    kick_all(vm);
    while (!all_parked(vm))
        pthread_cond_wait(&vm->cond, &vm->lock);
    pthread_mutex_unlock(&vm->lock);
}

void vm_resume(struct pseries_vm *vm)
{
    pthread_mutex_lock(&vm->lock);
    if (vm->mode == VM_PAUSE)
        vm->mode = VM_RUN;
    pthread_cond_broadcast(&vm->cond);
    pthread_mutex_unlock(&vm->lock);
}

void vm_vcpus_destroy(struct pseries_vm *vm)
{
    if (!vm->vcpus)
        return;
    pthread_mutex_lock(&vm->lock);
    vm->mode = VM_QUIT;
    kick_all(vm);
    pthread_mutex_unlock(&vm->lock);
    for (unsigned i = 0; i < vm->nr_vcpus; i++)
        if (vm->vcpus[i].thread_started)
            pthread_join(vm->vcpus[i].thread, NULL);
    for (unsigned i = 0; i < vm->nr_vcpus; i++)
        if (vm->vcpus[i].cpu)
            ppc_cpu_free(vm->vcpus[i].cpu);
    free(vm->vcpus);
    vm->vcpus = NULL;
    if (vm->part)
        ppc_partition_free(vm->part);
    vm->part = NULL;
}

int vm_boot(struct pseries_vm *vm)
{
    struct spapr_machine *m = vm->m;
    struct spapr_boot_state bs;
    int r;
    if (m->cfg.kernel && !m->cfg.loader)
        r = spapr_boot_prepare_vof(m, pseries_fw_vof_entry, pseries_fw_vof_entry_size, 0,
                                   pseries_fw_rtas_entry, pseries_fw_rtas_entry_size, &bs);
    else
        r = spapr_boot_prepare(m, pseries_fw_rtas_entry, pseries_fw_rtas_entry_size, &bs);
    if (r < 0)
        return r;
    /* vCPU 0 enters in real mode, 64-bit, big-endian (machine/boot.h);
     * the others wait for RTAS start-cpu. */
    pthread_mutex_lock(&vm->lock);
    for (unsigned i = 0; i < vm->nr_vcpus; i++) {
        struct vm_vcpu *v = &vm->vcpus[i];
        v->running = false;
        v->start_pending = v->stop_pending = false;
    }
    struct vm_vcpu *boot = &vm->vcpus[0];
    boot->running = true;
    boot->cpu->pc = bs.entry;
    boot->cpu->gpr[1] = bs.gpr1;
    boot->cpu->gpr[3] = bs.gpr3;
    boot->cpu->gpr[4] = bs.gpr4;
    boot->cpu->gpr[5] = bs.gpr5;
    pthread_mutex_unlock(&vm->lock);
    return 0;
}

int vm_reset(struct pseries_vm *vm)
{
    vm_pause(vm);
    spapr_machine_reset(vm->m);
    /* The client interface of the last boot goes; vm_boot makes a new one
     * (claims, the tree, the console ihandle are per boot). */
    spapr_vof_fini(vm->m);
    pthread_mutex_lock(&vm->lock);
    vm->lpcr_value = 0;
    vm->pate1 = 0;
    vm->cfg_gen++;
    /* Fresh vCPUs: every register back to its power-on value. */
    int r = 0;
    for (unsigned i = 0; i < vm->nr_vcpus && r == 0; i++) {
        struct vm_vcpu *v = &vm->vcpus[i];
        struct ppc_cpu *cpu;
        ppc_partition_remove_cpu(v->cpu);
        r = vcpu_new(vm, i, &cpu);
        if (r == 0) {
            ppc_cpu_free(v->cpu);
            v->cpu = cpu;
            v->cfg_seen = 0;
            v->complaints = 0;
        }
    }
    pthread_mutex_unlock(&vm->lock);
    if (r == 0)
        r = vm_boot(vm);
    return r;
}

/* ---- the machine's callbacks ------------------------------------------ */

static struct vm_vcpu *vcpu_of(struct pseries_vm *vm, unsigned index)
{
    return index < vm->nr_vcpus ? &vm->vcpus[index] : NULL;
}

static void cb_set_external_irq(void *opaque, unsigned vcpu, int level)
{
    struct vm_vcpu *v = vcpu_of(opaque, vcpu);
    if (v)
        ppc_sys_set_irq(v->cpu, PPC_IRQ_EXT, level != 0);
}

static int cb_start_vcpu(void *opaque, unsigned vcpu, uint64_t entry, uint64_t r3)
{
    struct pseries_vm *vm = opaque;
    struct vm_vcpu *v = vcpu_of(vm, vcpu);
    if (!v)
        return -EINVAL;
    pthread_mutex_lock(&vm->lock);
    int r = 0;
    if (v->running || v->start_pending) {
        r = -EBUSY;
    } else {
        v->start_pending = true;
        v->start_entry = entry;
        v->start_r3 = r3;
        pthread_cond_broadcast(&vm->cond);
    }
    pthread_mutex_unlock(&vm->lock);
    return r;
}

static void cb_stop_vcpu(void *opaque, unsigned vcpu)
{
    struct pseries_vm *vm = opaque;
    struct vm_vcpu *v = vcpu_of(vm, vcpu);
    if (!v)
        return;
    /* Called on the vCPU's own thread from RTAS stop-self: it parks at the
     * top of its loop, right after the call returns. */
    pthread_mutex_lock(&vm->lock);
    v->stop_pending = true;
    pthread_mutex_unlock(&vm->lock);
}

static void cb_cede(void *opaque, unsigned vcpu)
{
    struct vm_vcpu *v = vcpu_of(opaque, vcpu);
    if (v)
        ppc_sys_cede(v->cpu);
}

static void cb_prod(void *opaque, unsigned vcpu)
{
    struct vm_vcpu *v = vcpu_of(opaque, vcpu);
    if (v)
        ppc_sys_prod(v->cpu);
}

static void cb_confer(void *opaque, unsigned vcpu)
{
    (void)opaque;
    (void)vcpu;
    sched_yield();
}

/* Partition-wide state changed: every vCPU applies it before it runs
 * guest code again (the caller's own thread right after the hcall). */
static void publish(struct pseries_vm *vm)
{
    vm->cfg_gen++;
    kick_all(vm);
}

static void cb_set_lpcr(void *opaque, uint64_t mask, uint64_t value)
{
    struct pseries_vm *vm = opaque;
    pthread_mutex_lock(&vm->lock);
    vm->lpcr_value = (vm->lpcr_value & ~mask) | (value & mask);
    publish(vm);
    pthread_mutex_unlock(&vm->lock);
}

static void cb_set_spr(void *opaque, unsigned vcpu, unsigned sprn, uint64_t value)
{
    struct vm_vcpu *v = vcpu_of(opaque, vcpu);
    if (!v)
        return;
    /* Only ever for the calling vCPU, on its own thread. */
    struct ppc_sys *s = v->cpu->sys;
    switch (sprn) {
    case 272: s->sprg[0] = value; break;      /* SPRG0 */
    case 187:                                 /* CIABR */
    case 180:                                 /* DAWR0 */
    case 188:                                 /* DAWRX0: the engine arms */
        ppc_sys_set_debug_spr(v->cpu, sprn, value);   /* the match */
        break;
    default: break;
    }
}

static void cb_set_process_table(void *opaque, uint64_t pate1)
{
    struct pseries_vm *vm = opaque;
    pthread_mutex_lock(&vm->lock);
    vm->pate1 = pate1;
    publish(vm);
    pthread_mutex_unlock(&vm->lock);
}

static uint64_t cb_read_timebase(void *opaque)
{
    struct pseries_vm *vm = opaque;
    return ppc_sys_read_tb(vm->vcpus[0].cpu);
}

static void cb_guest_written(void *opaque, uint64_t addr, uint64_t len)
{
    struct pseries_vm *vm = opaque;
    if (vm->part)
        ppc_partition_code_written(vm->part, addr, len);
}

static void cb_set_htab(void *opaque, uint8_t *base, uint64_t size)
{
    /* Also called while the machine is created, before any vCPU. */
    struct pseries_vm *vm = opaque;
    pthread_mutex_lock(&vm->lock);
    vm->htab_base = base;
    vm->htab_size = base ? size : 0;
    if (vm->vcpus)
        publish(vm);
    pthread_mutex_unlock(&vm->lock);
}

static void cb_invalidate_hpte(void *opaque, uint64_t va, unsigned page_shift)
{
    struct pseries_vm *vm = opaque;
    if (vm->part)
        ppc_partition_flush_hpte(vm->part, va, page_shift);
}

static void cb_tlb_flush_all(void *opaque)
{
    struct pseries_vm *vm = opaque;
    if (vm->part)
        ppc_partition_flush_all(vm->part);
}

static void cb_system_reset(void *opaque, unsigned vcpu)
{
    struct vm_vcpu *v = vcpu_of(opaque, vcpu);
    if (v)
        ppc_sys_set_irq(v->cpu, PPC_IRQ_SRESET, true);
}

static void cb_console_write(void *opaque, const uint8_t *buf, size_t len)
{
    vm_console_output(opaque, buf, len);
}

static void cb_log(void *opaque, const char *msg)
{
    (void)opaque;
    fprintf(stderr, "pseries-vm: %s\n", msg);
}

void vm_machine_ops(struct pseries_vm *vm, struct spapr_machine_ops *ops)
{
    memset(ops, 0, sizeof(*ops));
    ops->opaque = vm;
    ops->set_external_irq = cb_set_external_irq;
    ops->start_vcpu = cb_start_vcpu;
    ops->stop_vcpu = cb_stop_vcpu;
    ops->cede = cb_cede;
    ops->prod = cb_prod;
    ops->confer = cb_confer;
    ops->set_lpcr = cb_set_lpcr;
    ops->set_spr = cb_set_spr;
    ops->set_process_table = cb_set_process_table;
    ops->read_timebase = cb_read_timebase;
    ops->guest_written = cb_guest_written;
    ops->set_htab = cb_set_htab;
    ops->invalidate_hpte = cb_invalidate_hpte;
    ops->tlb_flush_all = cb_tlb_flush_all;
    ops->system_reset = cb_system_reset;
    ops->console_write = cb_console_write;
    ops->log = cb_log;
    ops->read_boot_file = vm_files_read;
}

/* PSERIES_VM_STATS: the last blocks each vCPU ran, for the report. */
static void trace_block(void *opaque, struct ppc_cpu *cpu, const struct ppc_dinsn *first,
                        unsigned n)
{
    struct vm_vcpu *v = opaque;
    (void)first;
    (void)n;
    /* A block looping on itself is recorded once. */
    if (v->trail_pos && v->trail[(v->trail_pos - 1) % VM_TRAIL] == cpu->pc)
        return;
    v->trail[v->trail_pos++ % VM_TRAIL] = cpu->pc;
}

void vm_vcpus_trace(struct pseries_vm *vm)
{
    for (unsigned i = 0; i < vm->nr_vcpus; i++)
        ppc_set_trace(vm->vcpus[i].cpu, trace_block, &vm->vcpus[i]);
}

void vm_vcpus_report(struct pseries_vm *vm, FILE *f)
{
    for (unsigned i = 0; i < vm->nr_vcpus; i++) {
        struct ppc_cpu *cpu = vm->vcpus[i].cpu;
        fprintf(f, "vcpu %u: %s pc %#" PRIx64 " msr %#" PRIx64 " lr %#" PRIx64
                " instructions %" PRIu64 " srr0 %#" PRIx64 " srr1 %#" PRIx64 "\n",
                i, vm->vcpus[i].running ? "running" : "stopped", cpu->pc, cpu->msr, cpu->lr,
                cpu->icount, cpu->sys->srr0, cpu->sys->srr1);
        fprintf(f, "  r1 %#" PRIx64 " r2 %#" PRIx64 " r3 %#" PRIx64 " dar %#" PRIx64
                " dsisr %#x lpcr %#" PRIx64 " radix %d\n", cpu->gpr[1], cpu->gpr[2],
                cpu->gpr[3], cpu->sys->dar, cpu->sys->dsisr, cpu->sys->lpcr,
                (int)cpu->sys->radix);
        struct vm_vcpu *v = &vm->vcpus[i];
        for (unsigned k = 0; k < VM_TRAIL && k < v->trail_pos; k++) {
            uint64_t pc = v->trail[(v->trail_pos - VM_TRAIL + k) % VM_TRAIL];
            if (v->trail_pos < VM_TRAIL)
                pc = v->trail[k];
            fprintf(f, "  block %#" PRIx64 "\n", pc);
        }
    }
}
