import { reindexScenarios } from './reindex-scenarios';

reindexScenarios('embedded');
reindexScenarios('temporal');
