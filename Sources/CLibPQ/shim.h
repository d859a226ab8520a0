#ifndef TESSERA_CLIBPQ_SHIM_H
#define TESSERA_CLIBPQ_SHIM_H

#include <libpq-fe.h>

// PG_DIAG_SQLSTATE lives in postgres_ext.h as a character constant; name it for Swift.
static inline int tessera_pg_diag_sqlstate(void) { return PG_DIAG_SQLSTATE; }
static inline int tessera_pg_diag_message(void) { return PG_DIAG_MESSAGE_PRIMARY; }

#endif
