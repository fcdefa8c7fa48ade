/* model.c - placeholder while the module is written */
