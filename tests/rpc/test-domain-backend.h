/* test-domain-backend.h: an in-memory domain store for the RPC protocol
 * tests.  TEST DOUBLE ONLY: it lives in tests/rpc/, never in the daemon; it
 * keeps definitions in memory and "runs" a domain by flipping its state, so
 * stock virsh can be driven through every domain procedure of the RPC
 * server (daemon/domain-backend.h). */
#pragma once

#include "domain-backend.h"

typedef struct TestDomainBackend TestDomainBackend;

TestDomainBackend *test_domain_backend_new(void);
void test_domain_backend_free(TestDomainBackend *b);
/* With an event loop, consoles work: a "guest" that prints a banner and
 * echoes what it receives. */
typedef struct sd_event sd_event;
void test_domain_backend_set_event(TestDomainBackend *b, sd_event *event);
/* Fills a DomainBackend that points at b. */
void test_domain_backend_get(TestDomainBackend *b, DomainBackend *out);
