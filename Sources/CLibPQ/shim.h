#ifndef TESSERA_CLIBPQ_SHIM_H
#define TESSERA_CLIBPQ_SHIM_H

#include <libpq-fe.h>

// PG_DIAG_SQLSTATE lives in postgres_ext.h as a character constant; name it for Swift.
static inline int tessera_pg_diag_sqlstate(void) { return PG_DIAG_SQLSTATE; }
static inline int tessera_pg_diag_message(void) { return PG_DIAG_MESSAGE_PRIMARY; }

// Drops server NOTICEs (e.g. "relation already exists, skipping") instead of printing them on stderr.
static void tessera_pg_ignore_notice(void *arg, const char *message) { (void)arg; (void)message; }
static inline void tessera_pg_silence_notices(PGconn *conn) { PQsetNoticeProcessor(conn, tessera_pg_ignore_notice, 0); }

#endif
