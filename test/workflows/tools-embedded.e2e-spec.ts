import { toolScenarios } from './tool-scenarios';

toolScenarios('embedded');
