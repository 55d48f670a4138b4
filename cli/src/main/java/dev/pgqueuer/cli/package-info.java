/**
 * {@code pgq}, the command line: {@link dev.pgqueuer.cli.Pgq} and its verbs. Not an API: the commands' output is
 * for people (and scripts that read exit codes).
 */
@NullMarked
package dev.pgqueuer.cli;

import org.jspecify.annotations.NullMarked;
