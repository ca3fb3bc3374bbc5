/* cli-user.h — `tribune user add NAME --role ROLE [--data DIR]`: create an account from
 * the shell, so a fresh install can be bootstrapped before anyone can log in. */
#pragma once

/* argv[0] is "user". Returns the process exit status. */
int tribune_cli_user (int argc, char **argv);
