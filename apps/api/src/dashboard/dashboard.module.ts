import { Module } from '@nestjs/common';
import { DashboardPageController } from './dashboard-page.controller';
import { DashboardTrendsController } from './dashboard-trends.controller';

/**
 * The supervisor dashboard at /dashboard: a static page (public, it holds no
 * data) that reads the JSON API with the key the user enters, plus the one
 * read-only endpoint its trend charts need.
 */
@Module({ controllers: [DashboardPageController, DashboardTrendsController] })
export class DashboardModule {}
